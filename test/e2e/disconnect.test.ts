import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import type { Plugin, ResponseOutcome } from '../../src/index.js';
import { upstreamAndGatewayPerTest } from '../support/upstream-and-gateway.js';
import { openaiConfig } from '../support/start-gateway.js';

const params: ChatCompletionCreateParamsNonStreaming = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Tell me a long story.' }],
};

/** 400 words at 20 ms each: far longer than any test waits, so only a disconnect ends it early. */
const slowStory = { deltas: Array.from({ length: 400 }, (_, index) => ` word${index}`), chunkDelayMs: 20 };

/** A plugin that reports how each request ended, as the gateway saw it. */
function outcomeRecorder(): { plugin: Plugin; next(): Promise<ResponseOutcome> } {
  const waiting: ((outcome: ResponseOutcome) => void)[] = [];
  const seen: ResponseOutcome[] = [];
  return {
    plugin: {
      name: 'outcome-recorder',
      onResponse(_request, outcome) {
        const resolve = waiting.shift();
        if (resolve) resolve(outcome);
        else seen.push(outcome);
      },
    },
    next: () => {
      const outcome = seen.shift();
      return outcome ? Promise.resolve(outcome) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe('a client that goes away', () => {
  const fixture = upstreamAndGatewayPerTest();

  function start(options: { network?: Record<string, unknown>; provider?: Record<string, unknown>; plugins?: Plugin[] } = {}) {
    return fixture.start((url) => ({ config: openaiConfig(url, options), plugins: options.plugins }));
  }

  it('cancels the upstream request when the SDK aborts mid-stream, and the gateway keeps serving', async () => {
    const recorder = outcomeRecorder();
    const { upstream, served } = await start({ plugins: [recorder.plugin] });
    upstream.script(slowStory);
    const controller = new AbortController();
    const stream = await served.client().chat.completions.create({ ...params, stream: true }, { signal: controller.signal });

    const received: string[] = [];
    const iteration = (async () => {
      for await (const chunk of stream) {
        received.push(chunk.choices[0]?.delta.content ?? '');
        if (received.length === 3) controller.abort();
      }
    })();
    // The SDK ends the iteration quietly when its own signal aborts it.
    await iteration;

    await upstream.waitForAborts(1, 2000);
    expect(await upstream.requests[0].outcome).toBe('aborted');
    expect(received).toEqual(['', ' word0', ' word1']);
    const outcome = await recorder.next();
    expect(outcome.streamed).toBe(false);

    const completion = await served.client().chat.completions.create(params);
    expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
    await recorder.next();
  });

  it('cancels the upstream request when a raw HTTP client destroys its socket mid-stream', async () => {
    const { upstream, served } = await start();
    upstream.script(slowStory);

    const firstBytes = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(`${served.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
        response.once('data', (data: Buffer) => {
          request.destroy();
          resolve(data.toString('utf8'));
        });
      });
      request.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
      request.end(JSON.stringify({ ...params, stream: true }));
    });

    expect(firstBytes).toMatch(/^data: \{/);
    await upstream.waitForAborts(1, 2000);
    expect(upstream.requests).toHaveLength(1);
    const completion = await served.client().chat.completions.create(params);
    expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
  });

  it('cancels the upstream request when the client of a non-streaming request leaves while the upstream is slow', async () => {
    const recorder = outcomeRecorder();
    const { upstream, served } = await start({ plugins: [recorder.plugin] });
    upstream.script({ hang: true });
    const controller = new AbortController();
    const call = served.client().chat.completions.create(params, { signal: controller.signal });

    await upstream.waitForRequests(1);
    controller.abort();

    await expect(call).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    await upstream.waitForAborts(1, 2000);
    const outcome = await recorder.next();
    expect(outcome.error?.code).toBe('request_cancelled');
    await expect(served.client().chat.completions.create(params)).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('cancels the upstream request when the client leaves before the upstream sent any chunk', async () => {
    const { upstream, served } = await start();
    upstream.script({ delayMs: 5_000 });
    const controller = new AbortController();
    const call = served.client().chat.completions.create({ ...params, stream: true }, { signal: controller.signal });

    await upstream.waitForRequests(1);
    controller.abort();

    await expect(call).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    await upstream.waitForAborts(1, 2000);
  });

  it('stops retrying when the client leaves during the backoff', async () => {
    const recorder = outcomeRecorder();
    const { upstream, served } = await start({
      network: { max_retries: 3, retry_backoff_initial: 10_000, retry_backoff_max: 10_000 },
      plugins: [recorder.plugin],
    });
    upstream.script({ status: 503 }, { times: 4 });
    const controller = new AbortController();
    const call = served.client().chat.completions.create(params, { signal: controller.signal });

    await upstream.waitForRequests(1);
    controller.abort();

    await expect(call).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    const outcome = await recorder.next();
    expect(outcome.error?.code).toBe('request_cancelled');
    expect(upstream.requests).toHaveLength(1);
  });

  it('gives the concurrency slot of an abandoned stream back', async () => {
    const { upstream, served } = await start({ provider: { concurrency_and_buffer_size: { concurrency: 1, buffer_size: 10 } } });
    upstream.script(slowStory);
    const controller = new AbortController();
    const stream = await served.client().chat.completions.create({ ...params, stream: true }, { signal: controller.signal });
    const iteration = (async () => {
      for await (const _ of stream) controller.abort();
    })();
    await iteration;
    await upstream.waitForAborts(1, 2000);

    const completion = await served.client({ timeout: 2000 }).chat.completions.create(params);
    expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
    const second = await served.client({ timeout: 2000 }).chat.completions.create(params);
    expect(second.choices[0].message.content).toBe('Hello from the fake upstream.');
  });

  it('gives the concurrency slot of an abandoned non-streaming request back', async () => {
    const { upstream, served } = await start({ provider: { concurrency_and_buffer_size: { concurrency: 1, buffer_size: 10 } } });
    upstream.script({ hang: true });
    const controller = new AbortController();
    const call = served.client().chat.completions.create(params, { signal: controller.signal });
    await upstream.waitForRequests(1);
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    await upstream.waitForAborts(1, 2000);

    const completion = await served.client({ timeout: 2000 }).chat.completions.create(params);
    expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
  });

  it('cancels a request waiting for a concurrency slot when its client leaves', async () => {
    let arrivals = 0;
    let secondArrived: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (secondArrived = resolve));
    const { upstream, served } = await start({
      provider: { concurrency_and_buffer_size: { concurrency: 1, buffer_size: 10 } },
      plugins: [{ name: 'arrivals', onRequest: () => void (++arrivals === 2 && secondArrived()) }],
    });
    upstream.script({ hang: true });
    const holder = new AbortController();
    const holding = served.client().chat.completions.create(params, { signal: holder.signal });
    await upstream.waitForRequests(1);

    const waiter = new AbortController();
    const waiting = served.client().chat.completions.create(params, { signal: waiter.signal });
    await arrived;
    await new Promise((resolve) => setTimeout(resolve, 20)); // from onRequest to the limiter queue is a few microtasks
    waiter.abort();
    await expect(waiting).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);

    holder.abort();
    await expect(holding).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    await upstream.waitForAborts(1, 2000);
    const completion = await served.client({ timeout: 2000 }).chat.completions.create(params);
    expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(upstream.requests).toHaveLength(2);
  });
});

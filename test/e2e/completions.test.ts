import type { Completion } from 'openai/resources/completions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../src/index.js';
import { defaultDeltas, type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const fakeText = defaultDeltas.join('');

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

function textByChoice(chunks: Completion[]): string[] {
  const texts: string[] = [];
  for (const chunk of chunks) for (const choice of chunk.choices) texts[choice.index] = (texts[choice.index] ?? '') + choice.text;
  return texts;
}

describe('POST /v1/completions through the official OpenAI SDK', () => {
  let upstream: OpenAIUpstream;
  let served: StartedGateway;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream();
    const network = { base_url: upstream.url, max_retries: 0 };
    served = await startGateway({
      config: {
        providers: {
          openai: { keys: [{ name: 'k1', value: 'sk-test', models: [], weight: 1 }], network_config: network },
          // An OpenAI-wire provider without a completions endpoint: served through chat.
          mistral: { keys: [{ name: 'm1', value: 'sk-mistral', models: [], weight: 1 }], network_config: network },
          mock: { keys: [] },
        },
      },
    });
  });

  afterEach(async () => {
    await served?.close();
    await upstream?.close();
  });

  describe('a provider with its own completions endpoint', () => {
    it('passes the request to the upstream /v1/completions and its answer back', async () => {
      const completion = await served.client().completions.create({ model: 'openai/gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7, temperature: 0 });

      expect(upstream.requests[0].path).toBe('/v1/completions');
      expect(upstream.requests[0].body).toMatchObject({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7, temperature: 0 });
      expect(completion).toMatchObject({ id: 'cmpl-fake1', object: 'text_completion', choices: [{ index: 0, text: fakeText, finish_reason: 'stop', logprobs: null }] });
    });

    it('streams the upstream text_completion chunks, usage on request', async () => {
      const chunks = await collect(
        await served.client().completions.create({ model: 'openai/gpt-3.5-turbo-instruct', prompt: 'Hi', stream: true, stream_options: { include_usage: true } }),
      );

      expect(upstream.requests[0].body).toMatchObject({ stream: true });
      expect(textByChoice(chunks)).toEqual([fakeText]);
      expect(chunks.every((chunk) => chunk.object === 'text_completion' && chunk.id === 'cmpl-fake1')).toBe(true);
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: defaultDeltas.length } });
    });
  });

  describe('a provider served through chat', () => {
    it('sends the prompt as one user message with the shared sampling fields, and answers a text_completion', async () => {
      const { data: completion, response } = await served
        .client()
        .completions.create({ model: 'mistral/mistral-small', prompt: 'Say hi', max_tokens: 5, temperature: 0.3, stop: ['\n'], n: 1 })
        .withResponse();

      const sent = upstream.requests[0];
      expect(sent.path).toBe('/v1/chat/completions');
      expect(sent.body).toEqual({ model: 'mistral-small', messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 5, temperature: 0.3, stop: ['\n'], n: 1 });
      expect(completion).toMatchObject({ id: 'chatcmpl-fake1', object: 'text_completion', model: 'mistral-small', choices: [{ index: 0, text: fakeText, logprobs: null, finish_reason: 'stop' }] });
      expect(completion.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: defaultDeltas.length });
      expect(response.headers.get('x-switchyard-provider')).toBe('mistral');
    });

    it('answers each prompt of an array, numbering the choices in order and adding up the usage', async () => {
      const completion = await served.client().completions.create({ model: 'mock/echo', prompt: ['first prompt', 'second one here'] });

      expect(completion.choices.map(({ index, text }) => ({ index, text }))).toEqual([
        { index: 0, text: 'first prompt' },
        { index: 1, text: 'second one here' },
      ]);
      expect(completion.usage).toEqual({ prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 });
    });

    it('puts the prompt before the text with echo', async () => {
      const completion = await served.client().completions.create({ model: 'mistral/mistral-small', prompt: 'Once upon a time', echo: true });

      expect(completion.choices[0].text).toBe(`Once upon a time${fakeText}`);
      expect(upstream.requests[0].body.echo).toBeUndefined();
    });

    it('streams text_completion chunks encoded from the chat stream', async () => {
      const chunks = await collect(await served.client().completions.create({ model: 'mistral/mistral-small', prompt: 'Hi', stream: true }));

      expect(upstream.requests[0].body).toMatchObject({ stream: true, messages: [{ role: 'user', content: 'Hi' }] });
      expect(textByChoice(chunks)).toEqual([fakeText]);
      expect(chunks.every((chunk) => chunk.object === 'text_completion' && chunk.id === 'chatcmpl-fake1')).toBe(true);
      expect(chunks.at(-1)?.choices).toEqual([{ text: '', index: 0, logprobs: null, finish_reason: 'stop' }]);
    });

    it('ends the stream with a usage chunk (empty choices) on request, then [DONE]', async () => {
      const request = { model: 'mock/echo', prompt: 'count these words', stream: true as const, stream_options: { include_usage: true } };
      const chunks = await collect(await served.client().completions.create(request));
      const raw = await (await fetch(`${served.baseURL}/completions`, { method: 'POST', body: JSON.stringify(request) })).text();

      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } });
      expect(chunks.slice(0, -1).every((chunk) => chunk.usage === undefined)).toBe(true);
      expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
    });

    it('streams several prompts one after the other as choices 0, 1, ...', async () => {
      const chunks = await collect(await served.client().completions.create({ model: 'mock/echo', prompt: ['a b', 'c d'], echo: true, stream: true }));

      expect(textByChoice(chunks)).toEqual(['a ba b', 'c dc d']);
      expect(chunks.flatMap((chunk) => chunk.choices.filter((choice) => choice.finish_reason).map((choice) => choice.index))).toEqual([0, 1]);
      expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    });

    it('writes the events the chat stream gives, and no [DONE] after an upstream error mid-stream', async () => {
      upstream.script({ errorEventAfterEvents: 3 });
      const response = await fetch(`${served.baseURL}/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'mistral/mistral-small', prompt: 'Hi', stream: true }),
      });
      const text = await response.text();

      expect(response.status).toBe(200);
      expect(text).toContain('"object":"text_completion"');
      expect(text).toContain('"code":"upstream_error"');
      expect(text).not.toContain('[DONE]');
    });

    it('refuses what chat cannot honour: suffix, logprobs, token-id prompts', async () => {
      const client = served.client();
      const cases = [
        { request: { model: 'mock/echo', prompt: 'def f(', suffix: '\n  return x' }, param: 'suffix' },
        { request: { model: 'mock/echo', prompt: 'Hi', logprobs: 2 }, param: 'logprobs' },
        { request: { model: 'mock/echo', prompt: [1, 2, 3] }, param: 'prompt' },
        { request: { model: 'mock/echo', prompt: [] as string[] }, param: 'prompt' },
      ];
      for (const { request, param } of cases) {
        const failure = await client.completions.create(request).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure, param).toMatchObject({ status: 400, code: 'invalid_request', param });
      }
    });

    it('drops best_of with a warning header', async () => {
      const { response } = await served.client().completions.create({ model: 'mock/echo', prompt: 'Hi', best_of: 3 }).withResponse();

      expect(response.headers.get('x-switchyard-warnings')).toBe('best_of is not supported when mock serves /v1/completions through chat and was dropped');
    });

    it('reports a warning once when several prompts each drop the same parameter', async () => {
      const { data, response } = await served.client().completions.create({ model: 'mistral/mistral-small', prompt: ['a', 'b'], user: 'u1' }).withResponse();

      expect(data.choices).toHaveLength(2);
      expect(upstream.requests).toHaveLength(2);
      expect(response.headers.get('x-switchyard-warnings')).toBe('user is not supported by mistral and was dropped');
    });

    it('answers a bad body with 400 invalid_request naming prompt', async () => {
      const response = await fetch(`${served.baseURL}/completions`, { method: 'POST', body: JSON.stringify({ model: 'mock/echo' }) });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_request', param: 'prompt' } });
    });
  });

  it('serves library callers: complete and completeStream', async () => {
    const completion = await served.gateway.complete({ model: 'mock/echo', prompt: 'library call' });
    const chunks: StreamChunk[] = await collect(served.gateway.completeStream({ model: 'mock/echo', prompt: 'library call' }));

    expect(completion.choices[0].text).toBe('library call');
    expect(chunks.map((chunk) => chunk.type)).toEqual(['start', 'text-delta', 'text-delta', 'finish', 'usage']);
  });
});

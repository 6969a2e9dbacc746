import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { fakeProvidersPerTest } from '../support/fake-providers.js';

const question = { model: 'alpha/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hello?' }] };
const streamed: ChatCompletionCreateParamsStreaming = { ...question, stream: true };

/** The server-sent events of a streamed chat answer, read raw (the SDK throws on an in-band error). */
async function events(baseURL: string, body: unknown): Promise<{ status: number; events: string[] }> {
  const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, events: (await response.text()).split('\n\n').filter((event) => event !== '') };
}

describe('timeouts', () => {
  const providers = fakeProvidersPerTest();

  it('answers 504 upstream_timeout when a stream sends no first chunk in time, and cancels that upstream request', async () => {
    const { fakes, served } = await providers.start(['alpha'], (config) => ({ config: { providers: config } }), { alpha: { stream_first_chunk_timeout_in_seconds: 0.15 } });
    fakes.alpha.script({ stallAfterEvents: 0 });

    const error = await served.client().chat.completions.create(streamed).then(
      () => undefined,
      (failure: unknown) => failure as InstanceType<typeof OpenAI.APIError>,
    );

    expect(error?.status).toBe(504);
    expect(error?.code).toBe('upstream_timeout');
    expect(error?.message).toContain('stream_first_chunk_timeout_in_seconds');
    await fakes.alpha.waitForAborts(1);
  });

  it('retries a stream that sent no first chunk in time, within the provider’s retry budget', async () => {
    const { fakes, served } = await providers.start(['alpha'], (config) => ({ config: { providers: config } }), {
      alpha: { stream_first_chunk_timeout_in_seconds: 0.15, max_retries: 1 },
    });
    fakes.alpha.script({ hang: true });

    let text = '';
    for await (const chunk of await served.client().chat.completions.create(streamed)) text += chunk.choices[0]?.delta.content ?? '';

    expect(text).toBe('Hello from the fake upstream.');
    expect(fakes.alpha.requests).toHaveLength(2);
  });

  it('ends a stream silent for stream_idle_timeout_in_seconds with an in-band upstream_timeout error, and cancels the upstream request', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config } }), { alpha: { stream_idle_timeout_in_seconds: 0.15 } });
    fakes.alpha.script({ stallAfterEvents: 2 });

    const startedAt = performance.now();
    const answer = await events(served.baseURL, { ...streamed, fallbacks: ['beta/gpt-4o-mini'] });

    expect(answer.status).toBe(200);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(140);
    const last = JSON.parse(answer.events.at(-1)!.slice('data: '.length));
    expect(last.error).toMatchObject({ code: 'upstream_timeout', type: 'timeout' });
    expect(last.error.message).toContain('stream_idle_timeout_in_seconds');
    expect(answer.events.some((event) => event.includes('"content":"Hello"'))).toBe(true);
    expect(answer.events).not.toContain('data: [DONE]');
    await fakes.alpha.waitForAborts(1);
    expect(fakes.beta.requests).toHaveLength(0);
  });

  it('lets a stream run to its end when each pause is shorter than the idle timeout, however long the whole stream takes', async () => {
    const { fakes, served } = await providers.start(['alpha'], (config) => ({ config: { providers: config } }), { alpha: { stream_idle_timeout_in_seconds: 0.15 } });
    fakes.alpha.script({ chunkDelayMs: 60 });

    let text = '';
    const startedAt = performance.now();
    for await (const chunk of await served.client().chat.completions.create(streamed)) text += chunk.choices[0]?.delta.content ?? '';

    expect(text).toBe('Hello from the fake upstream.');
    expect(performance.now() - startedAt).toBeGreaterThan(150);
  });

  it('keeps the request timeout: 504 upstream_timeout, which falls back like any timeout', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config } }), { alpha: { default_request_timeout_in_seconds: 0.15 } });
    fakes.alpha.script({ hang: true }, { times: 2 });

    const alone = await served.client().chat.completions.create(question).then(
      () => undefined,
      (failure: unknown) => failure as InstanceType<typeof OpenAI.APIError>,
    );
    expect(alone?.status).toBe(504);
    expect(alone?.code).toBe('upstream_timeout');

    const withFallback = await served.client().chat.completions.create({ ...question, fallbacks: ['beta/gpt-4o-mini'] } as ChatCompletionCreateParamsNonStreaming).asResponse();
    expect(withFallback.status).toBe(200);
    expect(withFallback.headers.get('x-switchyard-provider')).toBe('beta');
  });
});

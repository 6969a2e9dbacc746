import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import type { UpstreamBehaviour } from '../fake-upstreams/openai-upstream.js';
import { fakeProvidersPerTest } from '../support/fake-providers.js';

const params = {
  model: 'alpha/gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Hello?' }],
  stream: true as const,
  fallbacks: ['beta/gpt-4o-mini'],
} as ChatCompletionCreateParamsStreaming;

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const textOf = (chunks: readonly ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

describe('streams that fail before their first chunk move to the next target', () => {
  const providers = fakeProvidersPerTest();
  const start = () => providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config } }), { alpha: { stream_first_chunk_timeout_in_seconds: 0.2 } });

  const failures: [string, UpstreamBehaviour][] = [
    ['an HTTP error', { status: 503 }],
    ['a connection reset', { reset: true }],
    ['a connection cut after the headers', { destroyAfterEvents: 0 }],
    ['no first chunk within stream_first_chunk_timeout_in_seconds', { stallAfterEvents: 0 }],
    ['no response headers within stream_first_chunk_timeout_in_seconds', { hang: true }],
  ];

  it.each(failures)('serves the stream from the fallback after %s, and the client sees one clean stream', async (_name, behaviour) => {
    const { fakes, served } = await start();
    fakes.alpha.script(behaviour);

    const { data: stream, response } = await served.client().chat.completions.create(params).withResponse();
    const chunks = await collect(stream);

    expect(textOf(chunks)).toBe('Hello from the fake upstream.');
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.role === 'assistant')).toHaveLength(1);
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason)).toHaveLength(1);
    expect(response.headers.get('x-switchyard-provider')).toBe('beta');
    expect(response.headers.get('x-switchyard-fallback-index')).toBe('1');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(fakes.alpha.requests).toHaveLength(1);
    expect(fakes.beta.requests).toHaveLength(1);
  });

  it('cancels the upstream request that gave no first chunk in time', async () => {
    const { fakes, served } = await start();
    fakes.alpha.script({ stallAfterEvents: 0 });

    await collect(await served.client().chat.completions.create(params));

    await fakes.alpha.waitForAborts(1);
  });

  it('ends a stream that fails after its first chunk with an in-band error, without falling back', async () => {
    const { fakes, served } = await start();
    fakes.alpha.script({ destroyAfterEvents: 2 });

    const stream = await served.client().chat.completions.create(params);
    const texts: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(texts).toEqual(['', 'Hello']);
    expect(fakes.beta.requests).toHaveLength(0);
  });

  it('fails over a virtual model’s stream to its next target', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({
      config: { providers: config, routing: { virtual_models: { smart: { strategy: 'weighted', targets: [{ model: 'alpha/gpt-4o-mini', weight: 1 }, { model: 'beta/gpt-4o-mini', weight: 0 }] } } } },
    }));
    fakes.alpha.script({ status: 500 });

    const { data, response } = await served
      .client()
      .chat.completions.create({ model: 'smart', messages: params.messages, stream: true })
      .withResponse();

    expect(textOf(await collect(data))).toBe('Hello from the fake upstream.');
    expect(response.headers.get('x-switchyard-provider')).toBe('beta');
  });

  it('fails over streamed text completions and Responses API streams too', async () => {
    const { fakes, served } = await start();
    fakes.alpha.script({ status: 503 }, { times: 2 });

    const completion = await served
      .client()
      .completions.create({ model: 'alpha/gpt-4o-mini', prompt: 'Say hi', stream: true, fallbacks: ['beta/gpt-4o-mini'] } as OpenAI.CompletionCreateParamsStreaming)
      .withResponse();
    let text = '';
    for await (const chunk of completion.data) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe('Hello from the fake upstream.');
    expect(completion.response.headers.get('x-switchyard-provider')).toBe('beta');

    const answer = await served
      .client()
      .responses.create({ model: 'alpha/gpt-4o-mini', input: 'Say hi', stream: true, fallbacks: ['beta/gpt-4o-mini'] } as OpenAI.Responses.ResponseCreateParamsStreaming)
      .withResponse();
    const types: string[] = [];
    for await (const event of answer.data) types.push(event.type);
    expect(types.at(-1)).toBe('response.completed');
    expect(types).not.toContain('error');
    expect(answer.response.headers.get('x-switchyard-provider')).toBe('beta');
    expect(fakes.beta.requests.map((request) => request.body.fallbacks)).toEqual([undefined, undefined]);
  });
});

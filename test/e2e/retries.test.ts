import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { openaiConfig, type StartedGateway, startGateway } from '../support/start-gateway.js';

const params: ChatCompletionCreateParamsNonStreaming = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello?' }],
};

describe('retries of upstream failures (network_config.max_retries)', () => {
  let upstream: OpenAIUpstream;
  let served: StartedGateway;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream();
    served = await startGateway({
      config: openaiConfig(upstream.url, { network: { max_retries: 2, retry_backoff_initial: 10, retry_backoff_max: 50 } }),
    });
  });

  afterEach(async () => {
    await served?.close();
    await upstream?.close();
  });

  it('retries two upstream 503s and answers 200 after the third attempt', async () => {
    upstream.script({ status: 503 }, { times: 2 });
    const { data, response } = await served.client().chat.completions.create(params).withResponse();

    expect(response.status).toBe(200);
    expect(data.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(upstream.requests).toHaveLength(3);
    expect(response.headers.get('x-switchyard-attempts')).toBe('3');
    expect(upstream.requests.every((request) => JSON.stringify(request.body) === JSON.stringify(upstream.requests[0].body))).toBe(true);
  });

  it('retries an upstream 429 whose retry-after is 0', async () => {
    upstream.script({ status: 429, headers: { 'retry-after': '0' } });
    const response = await served.client().chat.completions.create(params).asResponse();

    expect(response.status).toBe(200);
    expect(upstream.requests).toHaveLength(2);
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
  });

  it('waits at least the retry-after the upstream asks for before retrying', async () => {
    upstream.script({ status: 429, headers: { 'retry-after': '0.3' } });
    const startedAt = performance.now();
    const completion = await served.client().chat.completions.create(params);

    expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(290);
    expect(upstream.requests).toHaveLength(2);
  });

  it('retries an upstream that closes the connection without answering', async () => {
    upstream.script({ reset: true });
    const { data, response } = await served.client().chat.completions.create(params).withResponse();

    expect(data.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(upstream.requests).toHaveLength(2);
  });

  it('retries a stream whose upstream connection drops after the headers but before any chunk', async () => {
    upstream.script({ destroyAfterEvents: 0 });
    const stream = await served.client().chat.completions.create({ ...params, stream: true });
    const texts: string[] = [];
    for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '');

    expect(texts.join('')).toBe('Hello from the fake upstream.');
    expect(upstream.requests).toHaveLength(2);
  });

  it('never retries an upstream 400', async () => {
    upstream.script({ status: 400 }, { times: 3 });
    const error = await served.client().chat.completions.create(params).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('upstream_bad_request');
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).headers.get('x-switchyard-attempts')).toBe('1');
    expect(upstream.requests).toHaveLength(1);
  });

  it('never retries an upstream 401', async () => {
    upstream.script({ status: 401 }, { times: 3 });
    const error = await served.client().chat.completions.create(params).catch((failure: unknown) => failure);

    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('provider_auth_failed');
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers with the last error once the retries are exhausted', async () => {
    upstream.script({ status: 503, error: { message: 'first failure' } });
    upstream.script({ status: 500, error: { message: 'second failure' } });
    upstream.script({ status: 502, error: { message: 'third failure' } });
    const error = await served.client().chat.completions.create(params).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const apiError = error as InstanceType<typeof OpenAI.InternalServerError>;
    expect(apiError.status).toBe(502);
    expect(apiError.code).toBe('upstream_error');
    expect(apiError.message).toContain('third failure');
    expect(apiError.message).toContain('HTTP 502');
    expect(apiError.headers.get('x-switchyard-attempts')).toBe('3');
    expect(upstream.requests).toHaveLength(3);
  });

  it('retries a stream whose upstream fails with 503 before any chunk, so the client sees one clean stream', async () => {
    upstream.script({ status: 503 });
    const response = await fetch(`${served.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, stream: true, stream_options: { include_usage: true } }),
    });
    const events = (await response.text()).split('\n\n').filter((event) => event !== '');

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(upstream.requests).toHaveLength(2);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)));
    expect(chunks.some((chunk) => 'error' in chunk)).toBe(false);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta?.role === 'assistant')).toHaveLength(1);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('')).toBe('Hello from the fake upstream.');
    expect(chunks.at(-1).usage).toMatchObject({ completion_tokens: 6 });
  });

  it('does not retry a stream that fails after its first chunk', async () => {
    upstream.script({ destroyAfterEvents: 2 });
    const stream = await served.client().chat.completions.create({ ...params, stream: true });
    const texts: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(texts).toEqual(['', 'Hello']);
    expect(upstream.requests).toHaveLength(1);
  });
});

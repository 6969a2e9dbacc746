import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { openaiConfig, type StartedGateway, startGateway } from '../support/start-gateway.js';

const params: ChatCompletionCreateParamsNonStreaming = {
  model: 'openai/gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Say hello.' },
  ],
  temperature: 0.2,
  max_completion_tokens: 50,
};

describe('chat completions through the official OpenAI SDK', () => {
  let upstream: OpenAIUpstream;
  let served: StartedGateway;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream();
    served = await startGateway({
      config: openaiConfig(upstream.url, { network: { extra_headers: { 'x-team': 'search', 'openai-organization': 'org-test' } } }),
    });
  });

  afterEach(async () => {
    await served?.close();
    await upstream?.close();
  });

  it('returns the upstream answer as a chat.completion', async () => {
    const completion = await served.client().chat.completions.create(params);

    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toBe('chatcmpl-fake1');
    expect(completion.choices[0].message).toMatchObject({ role: 'assistant', content: 'Hello from the fake upstream.' });
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 6, total_tokens: 16 });
    expect(completion.system_fingerprint).toBe('fp_fake');
  });

  it('sends the upstream the provider model name and every other field unchanged, unknown ones included', async () => {
    const vendorParams = { ...params, some_vendor_field: { a: 1 }, metadata: { trace: 'abc' } };
    await served.client().chat.completions.create(vendorParams as ChatCompletionCreateParamsNonStreaming);

    expect(upstream.requests).toHaveLength(1);
    const received = upstream.requests[0];
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/v1/chat/completions');
    expect(received.body).toEqual({ ...vendorParams, model: 'gpt-4o-mini' });
  });

  it('authenticates upstream with the configured key and forwards extra_headers, not the caller credentials', async () => {
    await served.client({ apiKey: 'sk-caller-secret' }).chat.completions.create(params);

    const headers = upstream.requests[0].headers;
    expect(headers.authorization).toBe('Bearer sk-test');
    expect(headers['x-team']).toBe('search');
    expect(headers['openai-organization']).toBe('org-test');
    expect(JSON.stringify(headers)).not.toContain('sk-caller-secret');
  });

  it('answers with a generated x-request-id, server-timing and the provider and model that served', async () => {
    const { response, data } = await served.client().chat.completions.create(params).withResponse();

    expect(data.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
    expect(response.headers.get('x-switchyard-model')).toBe('gpt-4o-mini');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(response.headers.get('server-timing')).toMatch(/^gateway;dur=\d+\.\d+, upstream;dur=\d+\.\d+$/);
  });

  it('counts the time spent waiting on the upstream in server-timing', async () => {
    upstream.script({ delayMs: 80 });
    const response = await served.client().chat.completions.create(params).asResponse();

    const timing = response.headers.get('server-timing') ?? '';
    const upstreamMs = Number(/upstream;dur=([\d.]+)/.exec(timing)?.[1]);
    const gatewayMs = Number(/gateway;dur=([\d.]+)/.exec(timing)?.[1]);
    expect(upstreamMs).toBeGreaterThanOrEqual(75);
    expect(gatewayMs).toBeGreaterThanOrEqual(0);
    expect(gatewayMs).toBeLessThan(upstreamMs);
  });

  it('echoes a valid incoming x-request-id', async () => {
    const response = await served.client().chat.completions.create(params, { headers: { 'x-request-id': 'trace-42.a:b_c' } }).asResponse();

    expect(response.headers.get('x-request-id')).toBe('trace-42.a:b_c');
  });

  it('replaces an incoming x-request-id that is not a safe token', async () => {
    const response = await served.client().chat.completions.create(params, { headers: { 'x-request-id': 'not a valid id <script>' } }).asResponse();

    const id = response.headers.get('x-request-id');
    expect(id).not.toBe('not a valid id <script>');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns tool calls of a non-streaming answer as the upstream sent them', async () => {
    upstream.script({ deltas: [], toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const completion = await served.client().chat.completions.create({
      ...params,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });

    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.choices[0].message.content).toBeNull();
    expect(completion.choices[0].message.tool_calls).toEqual([{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
    expect(upstream.requests[0].body.tools[0].function.name).toBe('get_weather');
  });

  it('passes response fields it does not interpret through unchanged', async () => {
    const completion = await served.client().chat.completions.create(params);

    expect(completion.service_tier).toBe('default');
    expect(completion.choices[0].message.annotations).toEqual([]);
    expect(completion.choices[0].message.refusal).toBeNull();
    expect(completion.choices[0].logprobs).toBeNull();
    expect(completion.usage?.completion_tokens_details).toEqual({ reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 });
  });

  it('does not send the upstream a stream flag the caller set to false', async () => {
    await served.client().chat.completions.create({ ...params, stream: false });

    expect(upstream.requests[0].body.stream).toBeUndefined();
    expect(upstream.requests[0].body.temperature).toBe(0.2);
  });

  it('serves a bare model name that a key lists by name', async () => {
    await served.close();
    served = await startGateway({ config: openaiConfig(upstream.url, { key: { models: ['gpt-4o-mini'] } }) });

    const completion = await served.client().chat.completions.create({ ...params, model: 'gpt-4o-mini' });

    expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(upstream.requests[0].body.model).toBe('gpt-4o-mini');
  });
});

describe('model names that contain a slash', () => {
  let upstream: OpenAIUpstream;
  let served: StartedGateway;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream();
    served = await startGateway({ config: openaiConfig(upstream.url, { key: { models: ['meta-llama/Llama-3.1-8B-Instruct'] } }) });
  });

  afterEach(async () => {
    await served?.close();
    await upstream?.close();
  });

  it('routes a listed model name with a slash to the provider whose key lists it', async () => {
    const { response } = await served.client().chat.completions.create({ ...params, model: 'meta-llama/Llama-3.1-8B-Instruct' }).withResponse();

    expect(upstream.requests[0].body.model).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
  });

  it('routes provider/model where the model itself contains a slash', async () => {
    await served.client().chat.completions.create({ ...params, model: 'openai/meta-llama/Llama-3.1-8B-Instruct' });

    expect(upstream.requests[0].body.model).toBe('meta-llama/Llama-3.1-8B-Instruct');
  });
});

describe('chat completions of the built-in mock provider', () => {
  let served: StartedGateway;

  beforeEach(async () => {
    served = await startGateway({ config: { providers: { mock: { keys: [] } } } });
  });

  afterEach(async () => {
    await served?.close();
  });

  it('echoes the last user message with word-count usage', async () => {
    const completion = await served.client().chat.completions.create({
      model: 'mock/echo',
      messages: [
        { role: 'system', content: 'ignored system prompt' },
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'an answer' },
        { role: 'user', content: 'the quick brown fox' },
      ],
    });

    expect(completion.choices[0].message).toMatchObject({ role: 'assistant', content: 'the quick brown fox' });
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.model).toBe('echo');
    expect(completion.usage).toEqual({ prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 });
  });

  it('streams the echo word by word, with usage when asked', async () => {
    const stream = await served.client().chat.completions.create({
      model: 'mock/echo',
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
      stream_options: { include_usage: true },
    });

    const deltas: string[] = [];
    const finishReasons: (string | null)[] = [];
    let usage: unknown;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        if (choice.delta.content) deltas.push(choice.delta.content);
        if (choice.finish_reason) finishReasons.push(choice.finish_reason);
      }
      if (chunk.usage) usage = chunk.usage;
    }

    expect(deltas).toEqual(['one ', 'two ', 'three']);
    expect(finishReasons).toEqual(['stop']);
    expect(usage).toEqual({ prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 });
  });
});

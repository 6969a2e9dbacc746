import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CohereUpstream, startCohereUpstream } from '../fake-upstreams/cohere-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function failureOf(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the cohere provider through the official OpenAI SDK', () => {
  let upstream: CohereUpstream;
  let served: StartedGateway;

  beforeEach(async () => {
    upstream = await startCohereUpstream();
    served = await startGateway({
      config: {
        providers: {
          cohere: {
            keys: [{ name: 'k1', value: 'co-test-key', models: [], weight: 1 }],
            network_config: { base_url: upstream.url, max_retries: 0, extra_headers: { 'x-client-name': 'switchyard-tests' } },
          },
        },
      },
    });
  });

  afterEach(async () => {
    await served?.close();
    await upstream?.close();
  });

  it('answers a chat completion from /v2/chat, authenticated with the configured key only', async () => {
    upstream.enqueue({ kind: 'reply', text: 'Bonjour !', finish: 'stop', usage: { prompt: 12, completion: 3 } });
    const completion = await served.client({ apiKey: 'sk-caller-secret' }).chat.completions.create({
      model: 'cohere/command-a-03-2025',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Say hello.' },
      ],
      temperature: 0.3,
      max_completion_tokens: 20,
    });

    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('command-a-03-2025');
    expect(completion.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Bonjour !' } });
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });

    const [request] = upstream.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v2/chat');
    expect(request.headers.authorization).toBe('Bearer co-test-key');
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['x-client-name']).toBe('switchyard-tests');
    expect(JSON.stringify(request.headers)).not.toContain('sk-caller-secret');
    expect(request.body).toEqual({
      model: 'command-a-03-2025',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Say hello.' },
      ],
      stream: false,
      temperature: 0.3,
      max_tokens: 20,
    });
  });

  it('streams text deltas, one finish and the usage chunk, asking Cohere for server-sent events', async () => {
    upstream.enqueue({ kind: 'reply', text: 'One, two, three.', finish: 'stop', usage: { prompt: 8, completion: 5 } });
    const stream = await served.client().chat.completions.create({
      model: 'cohere/command-a-03-2025',
      messages: [{ role: 'user', content: 'Count to three.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);

    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? '')).join('')).toBe('One, two, three.');
    expect(chunks.flatMap((chunk) => chunk.choices.filter((choice) => choice.finish_reason !== null).map((choice) => choice.finish_reason))).toEqual(['stop']);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 });
    expect(upstream.requests[0].headers.accept).toBe('text/event-stream');
    expect((upstream.requests[0].body as { stream: boolean }).stream).toBe(true);
  });

  it('returns tool calls, streamed and not, and sends the tool results back', async () => {
    const calls = [
      { id: 'get_weather_a1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'get_weather_b2', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ];
    const client = served.client();
    const request = { model: 'cohere/command-a-03-2025', messages: [{ role: 'user' as const, content: 'Paris and Rome?' }], tools: [weatherTool] };

    upstream.enqueue({ kind: 'reply', text: 'I will check both cities.', toolCalls: calls, finish: 'tool_calls', usage: { prompt: 30, completion: 20 } });
    const completion = await client.chat.completions.create({ ...request, tool_choice: 'required' });
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.choices[0].message.content).toBe('I will check both cities.');
    expect(completion.choices[0].message.tool_calls?.map((call) => call.type === 'function' && [call.id, call.function.name, call.function.arguments])).toEqual([
      ['get_weather_a1', 'get_weather', '{"city":"Paris"}'],
      ['get_weather_b2', 'get_weather', '{"city":"Rome"}'],
    ]);
    expect(upstream.received()[0]).toMatchObject({ toolChoice: 'required', tools: [{ name: 'get_weather' }] });

    upstream.enqueue({ kind: 'reply', toolCalls: calls, finish: 'tool_calls', usage: { prompt: 30, completion: 20 } });
    const chunks = await collect(await client.chat.completions.create({ ...request, stream: true }));
    const deltas = chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
    const assembled = new Map<number, { id?: string; name?: string; arguments: string }>();
    for (const delta of deltas) {
      const call = assembled.get(delta.index) ?? { arguments: '' };
      call.id ??= delta.id;
      call.name ??= delta.function?.name;
      call.arguments += delta.function?.arguments ?? '';
      assembled.set(delta.index, call);
    }
    expect([...assembled.values()]).toEqual(calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })));
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');

    upstream.enqueue({ kind: 'reply', text: 'Paris 18C, Rome 21C.', finish: 'stop', usage: { prompt: 50, completion: 8 } });
    const answer = await client.chat.completions.create({
      ...request,
      messages: [...request.messages, completion.choices[0].message, { role: 'tool', tool_call_id: 'get_weather_a1', content: '18C' }, { role: 'tool', tool_call_id: 'get_weather_b2', content: '21C' }],
    });
    expect(answer.choices[0].message.content).toBe('Paris 18C, Rome 21C.');
    expect((upstream.requests.at(-1)?.body as { messages: unknown[] }).messages.slice(1)).toEqual([
      {
        role: 'assistant',
        tool_plan: 'I will check both cities.',
        tool_calls: calls.map(({ id, name, arguments: args }) => ({ id, type: 'function', function: { name, arguments: args } })),
      },
      { role: 'tool', tool_call_id: 'get_weather_a1', content: '18C' },
      { role: 'tool', tool_call_id: 'get_weather_b2', content: '21C' },
    ]);
  });

  it('reports dropped parameters in x-switchyard-warnings', async () => {
    const { response } = await served
      .client()
      .chat.completions.create({ model: 'cohere/command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }], n: 2, logprobs: true })
      .withResponse();

    expect(response.headers.get('x-switchyard-warnings')).toContain('n is not supported by cohere and was dropped');
    expect(response.headers.get('x-switchyard-warnings')).toContain('logprobs is not supported by cohere and was dropped');
    expect(upstream.requests[0].body).not.toHaveProperty('n');
  });

  it("maps Cohere's errors: a rate limit to 429, a rejected key to 502 provider_auth_failed", async () => {
    upstream.enqueue({ kind: 'error', error: 'rate-limit' });
    const limited = await failureOf(served.client().chat.completions.create({ model: 'cohere/command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }] }));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.code).toBe('rate_limited');

    upstream.enqueue({ kind: 'error', error: 'auth' });
    const rejected = await failureOf(served.client().chat.completions.create({ model: 'cohere/command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }], stream: true }));
    expect(rejected.status).toBe(502);
    expect(rejected.code).toBe('provider_auth_failed');
  });

  it('ends a stream with an error event when Cohere fails mid-answer', async () => {
    upstream.enqueue({ kind: 'stream-failure', textBefore: 'Partial ', error: 'server-error' });
    const stream = await served.client().chat.completions.create({ model: 'cohere/command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const texts: string[] = [];
    const error = await failureOf(
      (async () => {
        for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );

    expect(texts.join('')).toBe('Partial ');
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('internal server error');
  });

  it('embeds texts through /v2/embed with the input_type extension field', async () => {
    const embedding = await served.client().embeddings.create({
      model: 'cohere/embed-v4.0',
      input: ['first text', 'second'],
      dimensions: 4,
      encoding_format: 'float',
      input_type: 'search_query',
    } as OpenAI.EmbeddingCreateParams);

    expect(embedding.data.map((item) => [item.index, (item.embedding as number[]).length])).toEqual([
      [0, 4],
      [1, 4],
    ]);
    expect(embedding.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(upstream.requests[0].url).toBe('/v2/embed');
    expect(upstream.requests[0].body).toEqual({ model: 'embed-v4.0', texts: ['first text', 'second'], input_type: 'search_query', embedding_types: ['float'], output_dimension: 4 });
  });

  it("serves the SDK's default base64 embeddings from Cohere's floats", async () => {
    const embedding = await served.client().embeddings.create({ model: 'cohere/embed-v4.0', input: 'first text', dimensions: 4 });

    const vector = embedding.data[0].embedding as number[];
    [0.3, 0.4, 0.5, 0.6].forEach((value, index) => expect(vector[index]).toBeCloseTo(value, 6));
    expect(upstream.requests[0].body).toMatchObject({ texts: ['first text'], input_type: 'search_document', embedding_types: ['float'] });
  });

  it('lists the chat and embed models Cohere serves', async () => {
    const models = await served.client().models.list();
    const ids = models.data.map((model) => model.id);

    expect(ids).toEqual(['cohere/command-a-03-2025', 'cohere/embed-v4.0']);
    expect(upstream.requests[0].url).toBe('/v1/models?page_size=1000');
    expect(upstream.requests[0].headers.authorization).toBe('Bearer co-test-key');
  });
});

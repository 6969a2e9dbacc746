import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AnthropicUpstream, startAnthropicUpstream } from '../fake-upstreams/anthropic-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('the anthropic provider through the official OpenAI SDK', () => {
  let upstream: AnthropicUpstream;
  let served: StartedGateway;
  let client: OpenAI;
  let seen = 0;

  beforeAll(async () => {
    upstream = await startAnthropicUpstream({ apiKey: 'sk-ant-test', models: ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-5-20251101'] });
    const network = { base_url: upstream.url, max_retries: 0 };
    served = await startGateway({
      config: {
        providers: {
          anthropic: {
            keys: [{ name: 'k1', value: 'sk-ant-test', models: [], weight: 1 }],
            network_config: { ...network, extra_headers: { 'anthropic-beta': 'context-1m-2025-08-07', 'x-team': 'search' } },
          },
          'claude-eu': {
            keys: [{ name: 'eu', value: 'sk-ant-test', models: ['claude-haiku-4-5-20251001'], weight: 1 }],
            network_config: network,
            custom_provider_config: { base_provider_type: 'anthropic' },
          },
          'claude-bad-key': {
            keys: [{ name: 'bad', value: 'sk-ant-wrong', models: ['claude-haiku-4-5-20251001'], weight: 1 }],
            network_config: network,
            custom_provider_config: { base_provider_type: 'anthropic' },
          },
        },
      },
    });
    client = served.client();
  });
  afterAll(async () => {
    await served?.close();
    await upstream?.close();
  });
  beforeEach(() => {
    seen = upstream.requests.length;
  });
  /** The requests the upstream received during the current test. */
  const requests = () => upstream.requests.slice(seen);

  it('answers a chat completion from POST /v1/messages, with the key in x-api-key and the API version', async () => {
    upstream.enqueue({ kind: 'reply', text: 'Bonjour !', finish: 'stop', usage: { prompt: 12, completion: 4 } });
    const completion = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4-5-20250929',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 20,
    });

    expect(completion.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Bonjour !' } });
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 });
    const [request] = requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('sk-ant-test');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
    expect(request.headers['x-team']).toBe('search');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).toEqual({ model: 'claude-sonnet-4-5-20250929', system: 'Answer in French.', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 20 });
  });

  it('streams text, with one usage chunk when asked', async () => {
    upstream.enqueue({ kind: 'reply', text: 'One, two, three.', finish: 'stop', usage: { prompt: 5, completion: 6, cachedPrompt: 2 } });
    const chunks = await collect(
      await client.chat.completions.create({ model: 'anthropic/claude-haiku-4-5-20251001', messages: [{ role: 'user', content: 'Count to three.' }], stream: true, stream_options: { include_usage: true } }),
    );

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('One, two, three.');
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean)).toEqual(['stop']);
    const usage = chunks.filter((chunk) => chunk.usage);
    expect(usage).toHaveLength(1);
    expect(usage[0].usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 6, total_tokens: 11, prompt_tokens_details: { cached_tokens: 2 } });
    expect(requests()[0].body).toMatchObject({ stream: true, max_tokens: 4096 });
  });

  it('streams parallel tool calls and takes their results back as tool_result blocks', async () => {
    upstream.enqueue({
      kind: 'reply',
      finish: 'tool_calls',
      toolCalls: [
        { id: 'a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'b', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      usage: { prompt: 30, completion: 20 },
    });
    const chunks = await collect(
      await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5-20250929', messages: [{ role: 'user', content: 'Paris and Rome?' }], tools: [weatherTool], stream: true }),
    );
    const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
    for (const call of chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])) {
      const entry = calls.get(call.index) ?? { arguments: '' };
      entry.id ??= call.id;
      entry.name ??= call.function?.name;
      entry.arguments += call.function?.arguments ?? '';
      calls.set(call.index, entry);
    }
    expect([...calls.values()].map(({ id, name, arguments: args }) => [id, name, JSON.parse(args)])).toEqual([
      ['toolu_01a', 'get_weather', { city: 'Paris' }],
      ['toolu_01b', 'get_weather', { city: 'Rome' }],
    ]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');

    upstream.enqueue({ kind: 'reply', text: 'Rome is warmer.', finish: 'stop', usage: { prompt: 60, completion: 5 } });
    const completion = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4-5-20250929',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [...calls.values()].map((call) => ({ id: call.id!, type: 'function' as const, function: { name: call.name!, arguments: call.arguments } })),
        },
        { role: 'tool', tool_call_id: 'toolu_01a', content: '18C' },
        { role: 'tool', tool_call_id: 'toolu_01b', content: '21C' },
      ],
    });
    expect(completion.choices[0].message.content).toBe('Rome is warmer.');
    expect((requests()[1].body as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: 'Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_01a', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_01b', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01a', content: '18C' },
          { type: 'tool_result', tool_use_id: 'toolu_01b', content: '21C' },
        ],
      },
    ]);
  });

  it('returns reasoning as reasoning_content, and reports dropped parameters in a warnings header', async () => {
    upstream.enqueue({ kind: 'reply', reasoning: 'Two and two make four.', text: '4', finish: 'stop', usage: { prompt: 10, completion: 30, reasoning: 20 } });
    const { data, response } = await client.chat.completions
      .create({ model: 'anthropic/claude-opus-4-5-20251101', messages: [{ role: 'user', content: '2+2?' }], reasoning_effort: 'low', seed: 7 })
      .withResponse();

    expect(data.choices[0].message).toMatchObject({ content: '4', reasoning_content: 'Two and two make four.' });
    expect(data.usage).toMatchObject({ completion_tokens: 30, completion_tokens_details: { reasoning_tokens: 20 } });
    expect(requests()[0].body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 6144 });
    expect(response.headers.get('x-switchyard-warnings')).toBe('seed is not supported by anthropic and was dropped');
  });

  it('answers json_object through the JSON tool, as message text', async () => {
    upstream.enqueue({ kind: 'reply', text: '{"city":"Paris"}', finish: 'stop', usage: { prompt: 10, completion: 5 } });
    const completion = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4-5-20250929',
      messages: [{ role: 'user', content: 'Paris as JSON' }],
      response_format: { type: 'json_object' },
    });
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: '{"city":"Paris"}' } });
    expect(completion.choices[0].message.tool_calls).toBeUndefined();
  });

  it('passes an Anthropic error on as an OpenAI error with the mapped status', async () => {
    upstream.enqueue({ kind: 'error', error: 'overloaded' });
    const failure = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5-20250929', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure).toMatchObject({ status: 503, code: 'upstream_overloaded' });

    upstream.enqueue({ kind: 'error', error: 'context-length' });
    const tooLong = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5-20250929', messages: [{ role: 'user', content: 'Hi' }], stream: true }).catch((error: unknown) => error);
    expect(tooLong).toMatchObject({ status: 400, code: 'context_length_exceeded' });
  });

  it('refuses tool-call arguments that are not JSON before calling Anthropic', async () => {
    const failure = await client.chat.completions
      .create({
        model: 'anthropic/claude-sonnet-4-5-20250929',
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'get_weather', arguments: '{oops' } }] },
          { role: 'tool', tool_call_id: 't', content: 'x' },
        ],
      })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 400, code: 'invalid_request', param: 'messages[1].tool_calls[0].function.arguments' });
    expect(requests()).toHaveLength(0);
  });

  it('serves a custom provider whose base_provider_type is anthropic, naming it in warnings', async () => {
    upstream.enqueue({ kind: 'reply', text: 'Hej!', finish: 'stop', usage: { prompt: 3, completion: 2 } });
    const { data, response } = await client.chat.completions
      .create({ model: 'claude-eu/claude-haiku-4-5-20251001', messages: [{ role: 'user', content: 'Hi' }], presence_penalty: 0.5 })
      .withResponse();
    expect(data.choices[0].message.content).toBe('Hej!');
    expect(response.headers.get('x-switchyard-warnings')).toBe('presence_penalty is not supported by claude-eu and was dropped');
    const [request] = requests();
    expect(request.url).toBe('/v1/messages');
    expect(request.body).toMatchObject({ model: 'claude-haiku-4-5-20251001' });
    expect(request.headers['x-api-key']).toBe('sk-ant-test');
  });

  it('maps a rejected key of a custom provider to a credential failure', async () => {
    const failure = await client.chat.completions.create({ model: 'claude-bad-key/claude-haiku-4-5-20251001', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 502, code: 'provider_auth_failed' });
    expect(requests()[0].headers['x-api-key']).toBe('sk-ant-wrong');
  });

  it('lists the models of GET /v1/models', async () => {
    const models = await client.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['anthropic/claude-sonnet-4-5-20250929', 'anthropic/claude-haiku-4-5-20251001', 'anthropic/claude-opus-4-5-20251101']));
    const listing = requests().find((request) => request.url.startsWith('/v1/models'));
    expect(listing?.url).toBe('/v1/models?limit=1000');
    expect(listing?.headers['x-api-key']).toBe('sk-ant-test');
  });
});

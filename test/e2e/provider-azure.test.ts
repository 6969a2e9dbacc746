import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/index.js';
import { type AzureUpstream, startAzureUpstream } from '../fake-upstreams/azure-upstream.js';
import { silentLogger, type StartedGateway, startGateway } from '../support/start-gateway.js';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('the azure provider through the official OpenAI SDK', () => {
  let upstream: AzureUpstream;
  let served: StartedGateway;
  let client: OpenAI;
  let seen = 0;
  const lastRequest = () => upstream.requests.at(-1)!;
  const newRequests = () => {
    const fresh = upstream.requests.slice(seen);
    seen = upstream.requests.length;
    return fresh;
  };

  beforeAll(async () => {
    upstream = await startAzureUpstream({ apiKey: 'azure-secret' });
    served = await startGateway({
      config: {
        providers: {
          azure: {
            keys: [
              {
                name: 'eastus',
                value: 'azure-secret',
                models: [],
                weight: 1,
                azure_key_config: { api_version: '2024-10-21', deployments: { 'gpt-4o': 'prod-gpt-4o', 'text-embedding-3-small': 'embeddings' } },
              },
            ],
            network_config: { base_url: upstream.url, max_retries: 0, extra_headers: { 'x-ms-client-request-id': 'trace-1' } },
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

  it("calls the model's deployment with the api-version and the api-key header, never the caller's credentials", async () => {
    const completion = await served.client({ apiKey: 'caller-secret' }).chat.completions.create({
      model: 'azure/gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello.' },
      ],
      max_tokens: 20,
    });

    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'Hello there!' } });
    expect(completion.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 });
    const [request] = newRequests();
    expect(request.url).toBe('/openai/deployments/prod-gpt-4o/chat/completions?api-version=2024-10-21');
    expect(request.headers['api-key']).toBe('azure-secret');
    expect(request.headers['x-ms-client-request-id']).toBe('trace-1');
    expect(request.headers.authorization).toBeUndefined();
    expect(JSON.stringify(request.headers)).not.toContain('caller-secret');
    expect(request.body).toMatchObject({ model: 'gpt-4o', max_tokens: 20 });
  });

  it('streams text past the prompt filter chunk Azure sends first, with usage', async () => {
    upstream.enqueue({ kind: 'reply', text: 'Once upon a time.', finish: 'stop', usage: { prompt: 12, completion: 5 } });
    const chunks = await collect(
      await client.chat.completions.create({ model: 'azure/gpt-4o', messages: [{ role: 'user', content: 'Story?' }], stream: true, stream_options: { include_usage: true } }),
    );

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Once upon a time.');
    expect(chunks.every((chunk) => chunk.id !== '')).toBe(true);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5 });
    expect(newRequests()[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('streams parallel tool calls, the SDK assembling their argument fragments', async () => {
    upstream.enqueue({
      kind: 'reply',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      finish: 'tool_calls',
      usage: { prompt: 30, completion: 20 },
    });
    const stream = client.chat.completions.stream({ model: 'azure/gpt-4o', messages: [{ role: 'user', content: 'Paris and Rome?' }], tools: [weatherTool] });
    const final = await stream.finalChatCompletion();

    expect(final.choices[0].finish_reason).toBe('tool_calls');
    expect(final.choices[0].message.tool_calls?.map((call) => call.type === 'function' && [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['call_a', 'get_weather', { city: 'Paris' }],
      ['call_b', 'get_weather', { city: 'Rome' }],
    ]);
    expect((newRequests()[0].body as { tools: unknown }).tools).toEqual([weatherTool]);
  });

  it('maps a content filter refusal to content_policy_violation, and an output cut by the filter to finish_reason content_filter', async () => {
    upstream.enqueue({ kind: 'error', error: 'content-policy' });
    const failure = await client.chat.completions.create({ model: 'azure/gpt-4o', messages: [{ role: 'user', content: 'Something' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure).toMatchObject({ status: 400, code: 'content_policy_violation' });

    upstream.enqueue({ kind: 'reply', text: 'Partial', finish: 'content_filter', usage: { prompt: 5, completion: 1 } });
    const filtered = await client.chat.completions.create({ model: 'azure/gpt-4o', messages: [{ role: 'user', content: 'Something' }] });
    expect(filtered.choices[0].finish_reason).toBe('content_filter');
    newRequests();
  });

  it('maps a rate limit to a 429 with its retry-after', async () => {
    upstream.enqueue({ kind: 'error', error: 'rate-limit' });
    const failure = await client.chat.completions.create({ model: 'azure/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect(failure).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((failure as { headers?: Headers }).headers?.get('retry-after')).toBe('1');
    newRequests();
  });

  it("embeds through the embedding model's deployment", async () => {
    const result = await client.embeddings.create({ model: 'azure/text-embedding-3-small', input: ['a', 'b'] });

    expect(result.data.map((entry) => entry.index)).toEqual([0, 1]);
    expect(lastRequest().url).toBe('/openai/deployments/embeddings/embeddings?api-version=2024-10-21');
    newRequests();
  });

  it('lists the models of the key deployments', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(expect.arrayContaining(['azure/gpt-4o', 'azure/text-embedding-3-small']));
  });

  it('refuses at start a key without an endpoint when no base_url is set', () => {
    const config = { providers: { azure: { keys: [{ name: 'k', value: 'x', models: [], weight: 1 }] } } };
    expect(() => createGateway({ logger: silentLogger, config })).toThrow(/providers\.azure\.keys\[0\]\.azure_key_config\.endpoint: required/);
  });
});

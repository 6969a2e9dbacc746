import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/index.js';
import { startVertexUpstream, type VertexUpstream, vertexKeyConfig } from '../fake-upstreams/vertex-upstream.js';
import { silentLogger, type StartedGateway, startGateway } from '../support/start-gateway.js';

const vertexConfig = (upstream: VertexUpstream, key: Record<string, unknown> = {}) => ({
  providers: {
    vertex: {
      keys: [{ name: 'sa1', value: '', models: [], weight: 1, vertex_key_config: vertexKeyConfig(upstream), ...key }],
      network_config: { base_url: upstream.url, max_retries: 0 },
    },
  },
});

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

describe('the vertex provider through the official OpenAI SDK', () => {
  let upstream: VertexUpstream;
  let gateway: StartedGateway;
  let client: OpenAI;

  beforeAll(async () => {
    upstream = await startVertexUpstream({ projectId: 'acme-prod', region: 'europe-west4' });
    gateway = await startGateway({ config: vertexConfig(upstream) });
    client = gateway.client();
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  const modelCalls = () => upstream.requests.filter((request) => request.url.startsWith('/v1/'));

  it('answers a Gemini chat through generateContent with a token from the service account', async () => {
    upstream.enqueue({ kind: 'reply', text: 'Bonjour.', finish: 'stop', usage: { prompt: 11, completion: 2 } });
    const completion = await client.chat.completions.create({ model: 'vertex/gemini-2.5-flash', messages: [{ role: 'user', content: 'Say hi in French' }] });

    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'Bonjour.' } });
    expect(completion.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 });
    const call = modelCalls().at(-1)!;
    expect(call.url).toBe('/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent');
    expect(call.headers.authorization).toMatch(/^Bearer ya29\.fake-token-\d+$/);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toMatchObject({ contents: [{ role: 'user', parts: [{ text: 'Say hi in French' }] }] });
    expect(upstream.tokenEndpoint.exchanges.at(-1)?.claims).toMatchObject({
      iss: upstream.serviceAccount.json.client_email,
      aud: `${upstream.url}/token`,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
    });
  });

  it('reuses the access token across calls instead of exchanging one per request', async () => {
    const before = upstream.tokenEndpoint.exchanges.length;
    await Promise.all([1, 2, 3].map(() => client.chat.completions.create({ model: 'vertex/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] })));
    expect(upstream.tokenEndpoint.exchanges.length).toBe(before);
    expect(new Set(modelCalls().map((request) => request.headers.authorization)).size).toBe(1);
  });

  it('streams Gemini parallel tool calls through streamGenerateContent?alt=sse', async () => {
    upstream.enqueue({
      kind: 'reply',
      toolCalls: [
        { id: 'a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'b', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      finish: 'tool_calls',
      usage: { prompt: 20, completion: 8 },
    });
    const stream = await client.chat.completions.create({
      model: 'vertex/gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }],
      tools: [weatherTool],
      stream: true,
      stream_options: { include_usage: true },
    });
    const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = calls.get(delta.index) ?? { arguments: '' };
        call.id ??= delta.id;
        call.name ??= delta.function?.name;
        call.arguments += delta.function?.arguments ?? '';
        calls.set(delta.index, call);
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect([...calls.values()].map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_weather', { city: 'Rome' }],
    ]);
    expect(finish).toBe('tool_calls');
    expect(usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 8 });
    expect(modelCalls().at(-1)!.url).toBe('/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('sends Claude models to rawPredict with the Messages body, anthropic_version and no model', async () => {
    upstream.enqueue({ kind: 'reply', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Oslo"}' }], finish: 'tool_calls', usage: { prompt: 30, completion: 9 } });
    const response = await client.chat.completions
      .create({ model: 'vertex/claude-sonnet-4-5@20250929', messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [weatherTool], seed: 7 })
      .withResponse();

    const choice = response.data.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.tool_calls?.map((call) => call.type === 'function' && [call.function.name, JSON.parse(call.function.arguments)])).toEqual([['get_weather', { city: 'Oslo' }]]);
    expect(response.response.headers.get('x-switchyard-warnings')).toContain('seed is not supported by vertex');
    const call = modelCalls().at(-1)!;
    expect(call.url).toBe('/v1/projects/acme-prod/locations/europe-west4/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict');
    expect(call.headers.authorization).toMatch(/^Bearer ya29\./);
    expect(call.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16', messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [{ name: 'get_weather' }] });
    expect(call.body).not.toHaveProperty('model');
  });

  it('streams a Claude answer through streamRawPredict', async () => {
    upstream.enqueue({ kind: 'reply', reasoning: 'Short.', text: 'Hei fra Claude.', finish: 'stop', usage: { prompt: 10, completion: 6 } });
    const stream = await client.chat.completions.create({ model: 'vertex/claude-sonnet-4-5@20250929', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hei fra Claude.');
    const call = modelCalls().at(-1)!;
    expect(call.url).toMatch(/\/publishers\/anthropic\/models\/claude-sonnet-4-5@20250929:streamRawPredict$/);
    expect(call.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16', stream: true });
  });

  it('embeds texts through predict, one call per text for gemini-embedding models', async () => {
    const batched = await client.embeddings.create({ model: 'vertex/text-embedding-005', input: ['alpha beta', 'gamma'], dimensions: 3, encoding_format: 'float' });
    expect(batched.data.map((entry) => [entry.index, entry.embedding.length])).toEqual([
      [0, 3],
      [1, 3],
    ]);
    expect(batched.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    const batchCall = modelCalls().at(-1)!;
    expect(batchCall.url).toBe('/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/text-embedding-005:predict');
    expect(batchCall.body).toEqual({ instances: [{ content: 'alpha beta' }, { content: 'gamma' }], parameters: { outputDimensionality: 3 } });

    const before = modelCalls().length;
    const single = await client.embeddings.create({ model: 'vertex/gemini-embedding-001', input: ['one', 'two'] });
    expect(single.data).toHaveLength(2);
    expect(modelCalls().length - before).toBe(2);
  });

  it("maps Vertex's quota error to a 429 and a model's overload to a 503", async () => {
    upstream.enqueue({ kind: 'error', error: 'rate-limit' });
    await expect(client.chat.completions.create({ model: 'vertex/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
    upstream.enqueue({ kind: 'error', error: 'overloaded' });
    await expect(client.chat.completions.create({ model: 'vertex/claude-sonnet-4-5@20250929', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({
      status: 503,
      code: 'upstream_overloaded',
    });
  });
});

describe('vertex credentials', () => {
  it('fails the request with provider_auth_failed when the token endpoint refuses the service account', async () => {
    const upstream = await startVertexUpstream();
    const gateway = await startGateway({ config: vertexConfig(upstream) });
    try {
      upstream.tokenEndpoint.script({ status: 400 });
      await expect(gateway.client().chat.completions.create({ model: 'vertex/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({
        status: 502,
        code: 'provider_auth_failed',
      });
      expect(upstream.requests.filter((request) => request.url.startsWith('/v1/'))).toHaveLength(0);
      // Nothing failed is cached: the next request exchanges again, and succeeds.
      const completion = await gateway.client().chat.completions.create({ model: 'vertex/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] });
      expect(completion.choices[0].message.content).toBe('Hello there!');
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });

  it("uses the key's value as a ready access token when auth_credentials is absent", async () => {
    const upstream = await startVertexUpstream({ staticTokens: ['ya29.ready-token'] });
    const gateway = await startGateway({ config: vertexConfig(upstream, { value: 'ya29.ready-token', vertex_key_config: { project_id: upstream.projectId, region: upstream.region } }) });
    try {
      await gateway.client().chat.completions.create({ model: 'vertex/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] });
      expect(upstream.requests.at(-1)!.headers.authorization).toBe('Bearer ya29.ready-token');
      expect(upstream.tokenEndpoint.exchanges).toHaveLength(0);
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });

  it('refuses at start a key whose vertex_key_config is incomplete, naming the field', () => {
    const config = { providers: { vertex: { keys: [{ value: '', vertex_key_config: { region: 'us-central1', auth_credentials: '{"type":"service_account"}' } }] } } };
    expect(() => createGateway({ logger: silentLogger, config })).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /providers\.vertex\.keys\[0\]\.vertex_key_config\.project_id: required[^]*providers\.vertex\.keys\[0\]\.vertex_key_config\.auth_credentials: client_email: required/,
        ),
      }),
    );
  });
});

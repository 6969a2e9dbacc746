import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Account,
  type ChatRequest,
  type ChatResponse,
  createGateway,
  createRequestContext,
  errors,
  type Gateway,
  GatewayError,
  isGatewayError,
  type Plugin,
  type ProviderKey,
  type StreamChunk,
} from '../../src/index.js';
import { fakeEmbedding, type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { openaiConfig, silentLogger } from '../support/start-gateway.js';

const request: ChatRequest = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello?' }] };

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(isGatewayError(error)).toBe(true);
  return error as GatewayError;
}

async function collect(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function cannedResponse(content: string): ChatResponse {
  return {
    id: 'chatcmpl-canned',
    object: 'chat.completion',
    created: 1,
    model: 'canned',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

describe('the gateway as a library, with no HTTP server', () => {
  let upstream: OpenAIUpstream;
  let gateway: Gateway;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream({ models: ['gpt-4o-mini'] });
    gateway = createGateway({ config: openaiConfig(upstream.url), logger: silentLogger });
  });

  afterEach(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  it('answers chat with the upstream completion and sends the provider model name', async () => {
    const response = await gateway.chat(request);

    expect(response.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(response.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 });
    expect(upstream.requests[0].body).toEqual({ ...request, model: 'gpt-4o-mini' });
  });

  it('streams normalized chunks: start, text deltas in order, finish, usage', async () => {
    upstream.script({ deltas: ['A', 'B', 'C'] });
    const chunks = await collect(gateway.chatStream(request));

    expect(chunks.map((chunk) => chunk.type)).toEqual(['start', 'text-delta', 'text-delta', 'text-delta', 'finish', 'usage']);
    expect(chunks[0]).toMatchObject({ type: 'start', id: 'chatcmpl-fake1', model: 'gpt-4o-mini' });
    expect(chunks.filter((chunk) => chunk.type === 'text-delta').map((chunk) => (chunk as { text: string }).text)).toEqual(['A', 'B', 'C']);
    expect(chunks[4]).toEqual({ type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' });
    expect(chunks[5]).toMatchObject({ type: 'usage', usage: { completion_tokens: 3 } });
  });

  it('streams tool calls as tool-call-delta chunks', async () => {
    upstream.script({ deltas: [], argumentFragmentLength: 6, toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"switchyard"}' }] });
    const chunks = await collect(gateway.chatStream(request));

    const calls = chunks.filter((chunk) => chunk.type === 'tool-call-delta');
    expect(calls[0]).toMatchObject({ index: 0, id: 'call_1', name: 'lookup' });
    expect(calls.map((chunk) => chunk.arguments).join('')).toBe('{"q":"switchyard"}');
    expect(chunks.find((chunk) => chunk.type === 'finish')).toMatchObject({ reason: 'tool_calls' });
  });

  it('ends a stream cut mid-way with an error chunk, after the chunks before it', async () => {
    upstream.script({ destroyAfterEvents: 2 });
    const chunks = await collect(gateway.chatStream(request));

    expect(chunks.map((chunk) => chunk.type)).toEqual(['start', 'text-delta', 'error']);
    expect(chunks[2]).toMatchObject({ type: 'error', error: { code: 'upstream_unreachable', status: 502 } });
  });

  it('throws a failure before the first chunk from the stream itself', async () => {
    upstream.script({ status: 500 });
    const error = await rejection(collect(gateway.chatStream(request)));

    expect(error.code).toBe('upstream_error');
    expect(error.status).toBe(502);
    expect(error.failureClass).toBe('transient');
    expect(error.upstreamStatus).toBe(500);
    expect(error.provider).toBe('openai');
  });

  it('embeds through the upstream', async () => {
    const response = await gateway.embed({ model: 'openai/text-embedding-3-small', input: ['one', 'two', 'three'] });

    expect(response.data.map((entry) => entry.embedding)).toEqual([fakeEmbedding(0), fakeEmbedding(1), fakeEmbedding(2)]);
    expect(upstream.requests[0].body.model).toBe('text-embedding-3-small');
  });

  it('lists models as provider/model', async () => {
    const list = await gateway.listModels();

    expect(list).toEqual({ object: 'list', data: [expect.objectContaining({ id: 'openai/gpt-4o-mini', object: 'model', owned_by: 'openai' })] });
  });

  it('rejects a request with a GatewayError of the catalog', async () => {
    const error = await rejection(gateway.chat({ ...request, model: 'nowhere/x' }));

    expect(error).toBeInstanceOf(GatewayError);
    expect(error.code).toBe('provider_not_found');
    expect(error.status).toBe(404);
  });

  it('fills the request context it is given', async () => {
    const context = createRequestContext({ requestId: 'lib-1' });
    await gateway.chat(request, { context });

    expect(context).toMatchObject({ requestId: 'lib-1', provider: 'openai', model: 'gpt-4o-mini', attempts: 1, keyName: 'k1' });
  });

  it('cancels the upstream request when the caller signal aborts', async () => {
    upstream.script({ hang: true });
    const controller = new AbortController();
    const call = gateway.chat(request, { signal: controller.signal });
    await upstream.waitForRequests(1);
    controller.abort();

    const error = await rejection(call);
    expect(error.code).toBe('request_cancelled');
    await upstream.waitForAborts(1, 2000);
  });

  it('cancels the upstream request when the caller stops iterating a stream early', async () => {
    upstream.script({ deltas: Array.from({ length: 400 }, (_, index) => ` w${index}`), chunkDelayMs: 20 });
    const texts: string[] = [];
    for await (const chunk of gateway.chatStream(request)) {
      if (chunk.type === 'text-delta') texts.push(chunk.text);
      if (texts.length === 2) break;
    }

    expect(texts).toEqual([' w0', ' w1']);
    await upstream.waitForAborts(1, 2000);
  });

  it('closes, and closing again is harmless', async () => {
    await gateway.chat(request);
    await gateway.close();
    await gateway.close();
  });
});

describe('the mock provider as a library', () => {
  it('chats, streams word by word, embeds and lists with no network', async () => {
    const gateway = createGateway({ config: { providers: { mock: { keys: [] } } }, logger: silentLogger });
    try {
      const mockRequest: ChatRequest = { model: 'mock/echo', messages: [{ role: 'user', content: 'red green blue' }] };
      expect((await gateway.chat(mockRequest)).choices[0].message.content).toBe('red green blue');

      const chunks = await collect(gateway.chatStream(mockRequest));
      expect(chunks.map((chunk) => chunk.type)).toEqual(['start', 'text-delta', 'text-delta', 'text-delta', 'finish', 'usage']);
      expect(chunks.flatMap((chunk) => (chunk.type === 'text-delta' ? [chunk.text] : []))).toEqual(['red ', 'green ', 'blue']);
      expect(chunks.at(-1)).toEqual({ type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } });

      const first = await gateway.embed({ model: 'mock/embed', input: 'red green' });
      const again = await gateway.embed({ model: 'mock/embed', input: 'red green' });
      expect(first.data[0].embedding).toHaveLength(64);
      expect(again.data[0].embedding).toEqual(first.data[0].embedding);

      expect((await gateway.listModels()).data.map((model) => model.id)).toEqual(['mock/echo']);
    } finally {
      await gateway.close();
    }
  });
});

describe('a gateway over an Account', () => {
  let upstream: OpenAIUpstream;
  let gateway: Gateway | undefined;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream();
  });

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await upstream?.close();
  });

  it('takes providers, keys and settings from the account, and a rotated key applies on the next call', async () => {
    let secret = 'sk-first';
    const asked: string[] = [];
    const account: Account = {
      getConfiguredProviders: async () => ['openai'],
      getKeysForProvider: async (provider) => {
        asked.push(provider);
        return [{ name: 'vault', value: secret, models: [], weight: 1 }];
      },
      getConfigForProvider: async () => ({ network_config: { base_url: upstream.url, extra_headers: { 'x-tenant': 'acme' } } }),
    };
    gateway = createGateway({ account, logger: silentLogger });

    await gateway.chat(request);
    secret = 'sk-rotated';
    await gateway.chat(request);

    expect(gateway.config).toBeUndefined();
    expect(upstream.requests.map((received) => received.headers.authorization)).toEqual(['Bearer sk-first', 'Bearer sk-rotated']);
    expect(upstream.requests[0].headers['x-tenant']).toBe('acme');
    expect(asked.filter((provider) => provider === 'openai').length).toBeGreaterThanOrEqual(2);
  });

  it('applies a key the account rotated in place on the same key object', async () => {
    const key: ProviderKey = { name: 'vault', value: 'sk-first', models: [], weight: 1 };
    const keys = [key];
    const account: Account = {
      getConfiguredProviders: async () => ['openai'],
      getKeysForProvider: async () => keys,
      getConfigForProvider: async () => ({ network_config: { base_url: upstream.url } }),
    };
    gateway = createGateway({ account, logger: silentLogger });

    await gateway.chat(request);
    key.value = 'sk-rotated';
    await gateway.chat(request);

    expect(upstream.requests.map((received) => received.headers.authorization)).toEqual(['Bearer sk-first', 'Bearer sk-rotated']);
  });

  it('rejects calls with a ConfigError when the account names an unknown provider', async () => {
    const account: Account = {
      getConfiguredProviders: async () => ['not-a-provider'],
      getKeysForProvider: async () => [],
      getConfigForProvider: async () => ({}),
    };
    gateway = createGateway({ account, logger: silentLogger });

    await expect(gateway.ready()).rejects.toThrow(/not-a-provider/);
    await expect(gateway.chat(request)).rejects.toThrow(/unknown provider/);
  });
});

describe('plugins', () => {
  let upstream: OpenAIUpstream;
  let gateway: Gateway | undefined;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream();
  });

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await upstream?.close();
  });

  const withPlugins = (plugins: Plugin[]) => createGateway({ config: openaiConfig(upstream.url), plugins, logger: silentLogger });

  it('answers from a plugin whose onRequest short-circuits, without calling the upstream', async () => {
    const outcomes: unknown[] = [];
    gateway = withPlugins([
      { name: 'cache', onRequest: () => ({ response: cannedResponse('from the cache') }), onResponse: (_request, outcome) => void outcomes.push(outcome) },
    ]);

    const response = await gateway.chat(request);
    const chunks = await collect(gateway.chatStream(request));

    expect(response.choices[0].message.content).toBe('from the cache');
    expect(chunks.flatMap((chunk) => (chunk.type === 'text-delta' ? [chunk.text] : []))).toEqual(['from the cache']);
    expect(upstream.requests).toHaveLength(0);
    expect(outcomes).toEqual([
      expect.objectContaining({ shortCircuited: true, response }),
      expect.objectContaining({ shortCircuited: true, streamed: true }),
    ]);
  });

  it('lets onRequest change the request before it goes upstream', async () => {
    gateway = withPlugins([
      {
        name: 'rewrite',
        onRequest: (pluginRequest) => {
          if (pluginRequest.operation !== 'embed') pluginRequest.request = { ...pluginRequest.request, model: 'openai/gpt-4o', user: 'plugin' };
        },
      },
    ]);

    await gateway.chat(request);

    expect(upstream.requests[0].body).toMatchObject({ model: 'gpt-4o', user: 'plugin' });
  });

  it('isolates a plugin that throws a plain Error: the request succeeds and the failure is counted', async () => {
    gateway = withPlugins([
      {
        name: 'flaky',
        onRequest: () => {
          throw new Error('flaky plugin broke');
        },
      },
    ]);

    const response = await gateway.chat(request);

    expect(response.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(gateway.plugins.failures().get('flaky')).toBe(1);
  });

  it('rejects the request when a failClosed plugin throws', async () => {
    const later: string[] = [];
    gateway = withPlugins([
      {
        name: 'guard',
        failClosed: true,
        onRequest: () => {
          throw new Error('policy store unavailable');
        },
      },
      { name: 'after', onRequest: () => void later.push('after ran') },
    ]);

    const error = await rejection(gateway.chat(request));

    expect(error.code).toBe('plugin_error');
    expect(error.status).toBe(500);
    expect(error.message).toContain('guard');
    expect(error.message).toContain('policy store unavailable');
    expect(later).toEqual([]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('rejects with the GatewayError a plugin throws, even when the plugin is not failClosed', async () => {
    gateway = withPlugins([
      {
        name: 'budget',
        onRequest: () => {
          throw errors.invalidRequest('budget exceeded for this team', 'user');
        },
      },
    ]);

    const error = await rejection(gateway.chat(request));
    const streamError = await rejection(collect(gateway.chatStream(request)));

    expect(error).toMatchObject({ code: 'invalid_request', status: 400, param: 'user', message: 'budget exceeded for this team' });
    expect(streamError.code).toBe('invalid_request');
    expect(upstream.requests).toHaveLength(0);
  });

  it('runs onRequest in registration order and onResponse in reverse, only for plugins whose onRequest ran', async () => {
    const order: string[] = [];
    const plugin = (name: string, shortCircuit = false): Plugin => ({
      name,
      onRequest: () => {
        order.push(`request ${name}`);
        return shortCircuit ? { response: cannedResponse(name) } : undefined;
      },
      onResponse: () => void order.push(`response ${name}`),
    });
    gateway = withPlugins([plugin('a'), plugin('b'), plugin('c')]);

    await gateway.chat(request);
    expect(order).toEqual(['request a', 'request b', 'request c', 'response c', 'response b', 'response a']);

    await gateway.close();
    order.length = 0;
    gateway = withPlugins([plugin('a'), plugin('b', true), plugin('c')]);
    const response = await gateway.chat(request);
    expect(response.choices[0].message.content).toBe('b');
    expect(order).toEqual(['request a', 'request b', 'response b', 'response a']);
  });

  it('tells onResponse about upstream failures and stream usage', async () => {
    const outcomes: { error?: string; streamed?: boolean; usage?: unknown }[] = [];
    gateway = withPlugins([
      { name: 'meter', onResponse: (_request, outcome) => void outcomes.push({ error: outcome.error?.code, streamed: outcome.streamed, usage: outcome.usage }) },
    ]);

    upstream.script({ status: 500 });
    await rejection(gateway.chat(request));
    await collect(gateway.chatStream(request));

    expect(outcomes).toEqual([
      { error: 'upstream_error', streamed: undefined, usage: undefined },
      { error: undefined, streamed: true, usage: expect.objectContaining({ completion_tokens: 6 }) },
    ]);
  });

  it('lets onStreamChunk rewrite and drop chunks', async () => {
    gateway = withPlugins([
      {
        name: 'shout',
        onStreamChunk: (_request, chunk) => {
          if (chunk.type !== 'text-delta') return chunk;
          if (chunk.text === '.') return null;
          return { ...chunk, text: chunk.text.toUpperCase() };
        },
      },
    ]);

    const chunks = await collect(gateway.chatStream(request));

    expect(chunks.flatMap((chunk) => (chunk.type === 'text-delta' ? [chunk.text] : [])).join('')).toBe('HELLO FROM THE FAKE UPSTREAM');
  });

  it('closes plugins when the gateway closes', async () => {
    const closed: string[] = [];
    gateway = withPlugins([
      { name: 'one', close: () => void closed.push('one') },
      { name: 'two', close: () => void closed.push('two') },
    ]);

    await gateway.close();

    expect(closed).toEqual(['two', 'one']);
  });
});

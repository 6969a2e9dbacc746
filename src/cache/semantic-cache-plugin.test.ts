import { describe, expect, it, vi } from 'vitest';
import type { ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse, FinishReason } from '../api/index.js';
import { semanticCacheConfigSchema } from '../config/cache-schema.js';
import { createRequestContext } from '../core/request-context.js';
import { errors, isGatewayError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { PluginRequest } from '../plugins/contract.js';
import { responseToStream } from '../streaming/response-to-stream.js';
import type { CacheMetrics } from './cache-metrics.js';
import { createSemanticCachePlugin } from './semantic-cache-plugin.js';
import { bagOfWordsEmbed } from '../../test/support/cache/bag-of-words-embed.js';
import { MemoryCacheStore } from '../../test/support/cache/memory-cache-store.js';

const france = 'What is the capital of France?';
const paraphrase = 'Tell me the capital city of France, please'; // 0.816 to `france` with the fake embedding
const unrelated = 'How do I bake sourdough bread at home?'; // 0

function ask(content: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'openai/gpt-4o', messages: [{ role: 'user', content }], ...extra };
}

function answer(text: string, finish: FinishReason | null = 'stop'): ChatResponse {
  return {
    id: `chatcmpl-${text.length}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }],
    usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
  };
}

interface SendOptions {
  headers?: Record<string, string>;
  stream?: boolean;
  /** The provider's answer on a miss. */
  reply?: ChatResponse;
  /** Stream only: chunks delivered before the stream is cut (`streamed: false`). */
  cutAfter?: number;
  /** The provider fails instead of answering. */
  fail?: boolean;
}

function setup(config: Record<string, unknown> = {}, embedding = bagOfWordsEmbed()) {
  const store = new MemoryCacheStore();
  const metrics = { hit: vi.fn(), miss: vi.fn(), lookup: vi.fn(), stored: vi.fn() } satisfies CacheMetrics;
  const warn = vi.fn();
  const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn(), fatal: vi.fn() };
  let clock = 1_000_000_000;
  const settings = semanticCacheConfigSchema.parse({ provider: 'mock', embedding_model: 'bag-of-words', ...config });
  const plugin = createSemanticCachePlugin(settings, { store, embed: embedding.embed, metrics, logger, now: () => clock });
  let upstreamCalls = 0;

  /** One request through the plugin as the gateway runs it; a miss is answered by a fake provider. */
  async function send(request: ChatRequest, options: SendOptions = {}) {
    const context = createRequestContext({ headers: options.headers ?? {} });
    const pluginRequest: PluginRequest = { operation: options.stream ? 'chat-stream' : 'chat', request, context };
    const shortCircuit = await plugin.onRequest!(pluginRequest);
    if (shortCircuit && 'response' in shortCircuit) {
      const response = shortCircuit.response as ChatResponse;
      await plugin.onResponse!(pluginRequest, { response, usage: response.usage, shortCircuited: true });
      await plugin.flush();
      return { status: context.cacheStatus, similarity: context.cacheSimilarity, response, fromCache: true };
    }
    upstreamCalls++;
    context.provider = 'openai';
    context.model = 'gpt-4o';
    const reply = options.reply ?? answer(`answer to ${JSON.stringify(request.messages)}`);
    if (options.fail) {
      const error = errors.upstreamOverloaded('openai', 529, 'overloaded');
      await plugin.onResponse!(pluginRequest, options.stream ? { streamed: false, error, shortCircuited: false } : { error, shortCircuited: false });
    } else if (options.stream) {
      let delivered = 0;
      let cut = false;
      for await (const chunk of responseToStream(reply)) {
        if (options.cutAfter !== undefined && delivered >= options.cutAfter) {
          cut = true;
          break;
        }
        plugin.onStreamChunk!(pluginRequest, chunk);
        delivered++;
      }
      await plugin.onResponse!(pluginRequest, { streamed: !cut, usage: cut ? undefined : reply.usage, shortCircuited: false });
    } else {
      await plugin.onResponse!(pluginRequest, { response: reply, usage: reply.usage, shortCircuited: false });
    }
    await plugin.flush();
    return { status: context.cacheStatus, similarity: context.cacheSimilarity, response: reply, fromCache: false };
  }

  return {
    plugin,
    store,
    metrics,
    warn,
    embedCalls: embedding.calls,
    send,
    upstreamCalls: () => upstreamCalls,
    advance: (ms: number) => (clock += ms),
  };
}

describe('semantic_cache plugin: exact matching', () => {
  it('answers the same request from the cache whatever the order of its JSON keys', async () => {
    const cache = setup({ mode: 'exact' });
    const first = await cache.send(JSON.parse(`{"model":"openai/gpt-4o","temperature":0,"messages":[{"role":"user","content":"${france}"}]}`));
    expect(first).toMatchObject({ status: 'miss', fromCache: false });
    const second = await cache.send(JSON.parse(`{"messages":[{"content":"${france}","role":"user"}],"temperature":0,"model":"openai/gpt-4o"}`));
    expect(second).toMatchObject({ status: 'hit-exact', fromCache: true });
    expect(second.response).toEqual(first.response);
    expect(cache.upstreamCalls()).toBe(1);
    expect(cache.metrics.hit).toHaveBeenCalledWith('direct');
    expect(cache.metrics.miss).toHaveBeenCalledTimes(1);
    expect(cache.metrics.lookup).toHaveBeenCalledWith('direct', expect.any(Number));
    expect(cache.metrics.stored).toHaveBeenCalledTimes(1);
  });

  it('serves a copy: changing a served answer does not change the entry', async () => {
    const cache = setup({ mode: 'exact' });
    await cache.send(ask(france));
    const hit = await cache.send(ask(france));
    hit.response.choices[0].message.content = 'changed';
    expect((await cache.send(ask(france))).response.choices[0].message.content).not.toBe('changed');
  });

  it('misses when an answer-determining field differs, and hits when only stream or user differ', async () => {
    const cache = setup({ mode: 'exact' });
    await cache.send(ask(france, { temperature: 0 }));
    for (const change of [{ temperature: 1 }, { max_tokens: 5 }, { seed: 3 }, { response_format: { type: 'json_object' } }, { tool_choice: 'none' }] as Partial<ChatRequest>[]) {
      expect((await cache.send(ask(france, { ...change, temperature: change.temperature ?? 0 }), { headers: { 'x-bf-cache-no-store': 'true' } })).status).toBe('miss');
    }
    expect((await cache.send(ask(france, { temperature: 0, stream: true, user: 'bob' }))).status).toBe('hit-exact');
  });

  it('never reuses a hit to store again', async () => {
    const cache = setup({ mode: 'exact' });
    await cache.send(ask(france));
    await cache.send(ask(france));
    await cache.send(ask(france), { stream: true });
    expect(cache.store.puts).toBe(1);
  });
});

describe('semantic_cache plugin: partitions', () => {
  const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'search', parameters: { type: 'object' } } }];

  it.each<[string, Partial<ChatRequest>]>([
    ['models', { model: 'openai/gpt-4o-mini' }],
    ['providers', { model: 'azure/gpt-4o' }],
    ['tools', { tools }],
    ['system prompts', { messages: [{ role: 'system', content: 'Answer in French.' }, { role: 'user', content: france }] }],
  ])('never answers across %s, exactly or semantically', async (_name, change) => {
    const cache = setup({ threshold: 0.5 });
    await cache.send(ask(france, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: france }] }));
    const other = await cache.send({ ...ask(france, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: france }] }), ...change });
    expect(other).toMatchObject({ status: 'miss', fromCache: false });
  });

  it('shares entries across providers of one model with cache_by_provider off', async () => {
    const cache = setup({ mode: 'exact', cache_by_provider: false });
    await cache.send(ask(france));
    expect((await cache.send(ask(france, { model: 'azure/gpt-4o' }))).status).toBe('hit-exact');
    expect((await cache.send(ask(france, { model: 'azure/gpt-4o-mini' }))).status).toBe('miss');
  });

  it('shares entries across models with cache_by_model off', async () => {
    const cache = setup({ cache_by_model: false });
    await cache.send(ask(france));
    expect((await cache.send(ask(france, { model: 'anthropic/claude-sonnet-4' }))).status).toBe('hit-exact');
    expect((await cache.send(ask(paraphrase, { model: 'groq/llama-3.3-70b' }))).status).toBe('hit-semantic');
  });

  it('shares entries across system prompts with exclude_system_prompt, semantically', async () => {
    const cache = setup({ exclude_system_prompt: true });
    await cache.send(ask(france, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: france }] }));
    const other = await cache.send(ask(france, { messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: france }] }));
    expect(other).toMatchObject({ status: 'hit-semantic', similarity: expect.closeTo(1, 5) });
  });
});

describe('semantic_cache plugin: semantic matching', () => {
  it('answers a paraphrase from the cache and reports its similarity', async () => {
    const cache = setup();
    const first = await cache.send(ask(france));
    const second = await cache.send(ask(paraphrase));
    expect(second).toMatchObject({ status: 'hit-semantic', fromCache: true, similarity: expect.closeTo(0.816, 2) });
    expect(second.response).toEqual(first.response);
    expect(cache.metrics.hit).toHaveBeenCalledWith('semantic');
    expect(cache.metrics.lookup).toHaveBeenCalledWith('semantic', expect.any(Number));
    expect(cache.embedCalls[0]).toEqual({ model: 'mock/bag-of-words', input: `user: ${france}` });
  });

  it('misses for an unrelated prompt', async () => {
    const cache = setup();
    await cache.send(ask(france));
    expect((await cache.send(ask(unrelated))).status).toBe('miss');
    expect(cache.upstreamCalls()).toBe(2);
  });

  it('follows the configured threshold', async () => {
    const strict = setup({ threshold: 0.9 });
    await strict.send(ask(france));
    expect((await strict.send(ask(paraphrase))).status).toBe('miss');
  });

  it('lets x-bf-cache-threshold raise or lower the threshold for one lookup', async () => {
    const cache = setup();
    await cache.send(ask(france));
    expect((await cache.send(ask(paraphrase), { headers: { 'x-bf-cache-threshold': '0.9', 'x-bf-cache-no-store': 'true' } })).status).toBe('miss');
    expect((await cache.send(ask('What is the capital of Spain?'), { headers: { 'x-bf-cache-threshold': '0.45', 'x-bf-cache-no-store': 'true' } })).status).toBe('hit-semantic');
    expect((await cache.send(ask('What is the capital of Spain?'))).status).toBe('miss');
  });

  it('asks for the configured dimensions', async () => {
    const cache = setup({ dimension: 64 });
    await cache.send(ask(france));
    expect(cache.embedCalls[0]).toMatchObject({ dimensions: 64 });
  });

  it('matches no longer conversations than conversation_history_threshold semantically, but still exactly', async () => {
    const conversation = (last: string): ChatRequest => ({
      model: 'openai/gpt-4o',
      messages: [
        { role: 'user', content: france },
        { role: 'assistant', content: 'Paris.' },
        { role: 'user', content: last },
        { role: 'assistant', content: 'About two million.' },
      ],
    });
    const cache = setup({ conversation_history_threshold: 3, threshold: 0.5 });
    await cache.send(conversation('And its population?'));
    expect((await cache.send(conversation('And its population, please?'))).status).toBe('miss');
    expect(cache.embedCalls).toHaveLength(0);
    expect((await cache.send(conversation('And its population?'))).status).toBe('hit-exact');
  });

  it('does not answer a follow-up from a conversation whose earlier turns differ', async () => {
    const turn = (city: string, answerText: string): ChatRequest => ({
      model: 'openai/gpt-4o',
      messages: [
        { role: 'user', content: `What is the capital of ${city}?` },
        { role: 'assistant', content: answerText },
        { role: 'user', content: 'And its population?' },
      ],
    });
    const cache = setup({ conversation_history_threshold: 5 });
    await cache.send(turn('France', 'Paris.'));
    expect((await cache.send(turn('Italy', 'Rome.'))).status).toBe('miss');
  });

  it('skips semantic matching when the embedding call fails, and still matches exactly', async () => {
    const failing = {
      calls: [] as EmbeddingRequest[],
      embed: async (): Promise<EmbeddingResponse> => {
        throw new Error('embedding provider down');
      },
    };
    const cache = setup({}, failing);
    await cache.send(ask(france));
    expect((await cache.send(ask(paraphrase))).status).toBe('miss');
    expect((await cache.send(ask(france))).status).toBe('hit-exact');
    expect(cache.warn).toHaveBeenCalledTimes(1); // rate-limited: one line for many failures
  });

  it('reads base64 embeddings', async () => {
    const base = bagOfWordsEmbed();
    const base64 = {
      calls: base.calls,
      embed: async (request: EmbeddingRequest): Promise<EmbeddingResponse> => {
        const response = await base.embed(request);
        const vector = Float32Array.from(response.data[0].embedding as number[]);
        return { ...response, data: [{ object: 'embedding', index: 0, embedding: Buffer.from(vector.buffer).toString('base64') }] };
      },
    };
    const cache = setup({}, base64);
    await cache.send(ask(france));
    expect((await cache.send(ask(paraphrase))).status).toBe('hit-semantic');
  });

  it('leaves embed requests alone', async () => {
    const cache = setup();
    const context = createRequestContext({ headers: { 'x-bf-cache-type': 'nonsense' } });
    expect(await cache.plugin.onRequest!({ operation: 'embed', request: { model: 'mock/bag-of-words', input: 'x' }, context })).toBeUndefined();
    expect(context.cacheStatus).toBeUndefined();
  });
});

describe('semantic_cache plugin: request headers', () => {
  it('keeps x-bf-cache-key partitions apart', async () => {
    const cache = setup();
    await cache.send(ask(france), { headers: { 'x-bf-cache-key': 'tenant-a' } });
    expect((await cache.send(ask(france), { headers: { 'x-bf-cache-key': 'tenant-b' } })).status).toBe('miss');
    expect((await cache.send(ask(paraphrase), { headers: { 'x-bf-cache-key': 'tenant-c' } })).status).toBe('miss');
    expect((await cache.send(ask(france))).status).toBe('miss');
    expect((await cache.send(ask(france), { headers: { 'x-bf-cache-key': 'tenant-a' } })).status).toBe('hit-exact');
    expect((await cache.send(ask(paraphrase), { headers: { 'x-bf-cache-key': 'tenant-a' } })).status).toBe('hit-semantic');
    expect([...cache.store.entries.values()].find((entry) => entry.cacheKey === 'tenant-a')).toBeDefined();
  });

  it('bypasses requests without x-bf-cache-key when require_cache_key is on', async () => {
    const cache = setup({ require_cache_key: true });
    expect((await cache.send(ask(france))).status).toBe('bypass');
    expect((await cache.send(ask(france))).status).toBe('bypass');
    expect(cache.store.puts).toBe(0);
    await cache.send(ask(france), { headers: { 'x-bf-cache-key': 'k' } });
    expect((await cache.send(ask(france), { headers: { 'x-bf-cache-key': 'k' } })).status).toBe('hit-exact');
  });

  it('keeps an entry for x-bf-cache-ttl instead of the configured ttl', async () => {
    const cache = setup({ ttl: '5m' });
    await cache.send(ask(france), { headers: { 'x-bf-cache-ttl': '30s' } });
    cache.advance(29_000);
    expect((await cache.send(ask(france))).status).toBe('hit-exact');
    cache.advance(2_000);
    expect((await cache.send(ask(france), { headers: { 'x-bf-cache-no-store': 'true' } })).status).toBe('miss');
  });

  it('matches only exactly with x-bf-cache-type direct', async () => {
    const cache = setup();
    await cache.send(ask(france));
    expect((await cache.send(ask(paraphrase), { headers: { 'x-bf-cache-type': 'direct' } })).status).toBe('miss');
    expect((await cache.send(ask(france), { headers: { 'x-bf-cache-type': 'direct' } })).status).toBe('hit-exact');
  });

  it('matches only semantically with x-bf-cache-type semantic', async () => {
    const cache = setup();
    await cache.send(ask(france));
    const same = await cache.send(ask(france), { headers: { 'x-bf-cache-type': 'semantic' } });
    expect(same).toMatchObject({ status: 'hit-semantic', similarity: expect.closeTo(1, 5) });
  });

  it('looks up but does not store with x-bf-cache-no-store', async () => {
    const cache = setup();
    await cache.send(ask(france), { headers: { 'x-bf-cache-no-store': 'true' } });
    expect(cache.store.puts).toBe(0);
    await cache.send(ask(france));
    expect((await cache.send(ask(france), { headers: { 'x-bf-cache-no-store': 'true' } })).status).toBe('hit-exact');
  });

  it('does not look up with Cache-Control no-cache, but stores the fresh answer (with its vector)', async () => {
    const cache = setup();
    await cache.send(ask(france), { reply: answer('old') });
    const fresh = await cache.send(ask(france), { headers: { 'cache-control': 'no-cache' }, reply: answer('new') });
    expect(fresh).toMatchObject({ status: 'miss', fromCache: false });
    expect(cache.metrics.miss).toHaveBeenCalledTimes(1); // only the first request looked up
    expect((await cache.send(ask(france))).response.choices[0].message.content).toBe('new');
    expect((await cache.send(ask(paraphrase))).status).toBe('hit-semantic');
  });

  it('does not store with Cache-Control no-store', async () => {
    const cache = setup();
    await cache.send(ask(france), { headers: { 'cache-control': 'no-store' } });
    expect(cache.store.puts).toBe(0);
  });

  it('bypasses the cache with Cache-Control no-cache, no-store', async () => {
    const cache = setup();
    await cache.send(ask(france));
    const result = await cache.send(ask(france), { headers: { 'cache-control': 'no-cache, no-store' } });
    expect(result).toMatchObject({ status: 'bypass', fromCache: false });
    expect(cache.store.puts).toBe(1);
  });

  it('bypasses when no lookup is possible and nothing may be stored', async () => {
    const cache = setup({ mode: 'exact' });
    expect((await cache.send(ask(france), { headers: { 'x-bf-cache-type': 'semantic', 'x-bf-cache-no-store': 'true' } })).status).toBe('bypass');
  });

  it.each([
    ['x-bf-cache-ttl', 'forever'],
    ['x-bf-cache-threshold', '2'],
    ['x-bf-cache-type', 'fuzzy'],
    ['x-bf-cache-no-store', 'maybe'],
    ['x-bf-cache-key', 'k'.repeat(300)],
  ])('rejects a malformed %s with a 400 naming it', async (name, value) => {
    const cache = setup();
    const error = await cache.send(ask(france), { headers: { [name]: value } }).catch((caught: unknown) => caught);
    expect(isGatewayError(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', param: name });
  });
});

describe('semantic_cache plugin: what is stored', () => {
  it('stores a streamed answer once complete and serves it to a non-streaming caller, and the reverse', async () => {
    const cache = setup();
    const streamed = await cache.send(ask(france), { stream: true, reply: answer('Paris.') });
    expect(streamed.status).toBe('miss');
    const hit = await cache.send(ask(france));
    expect(hit).toMatchObject({ status: 'hit-exact', fromCache: true });
    expect(hit.response.choices).toEqual([{ index: 0, message: { role: 'assistant', content: 'Paris.' }, finish_reason: 'stop' }]);
    expect(hit.response.usage).toEqual(streamed.response.usage);

    await cache.send(ask(unrelated), { reply: answer('Knead it.') });
    const streamHit = await cache.send(ask(unrelated), { stream: true });
    expect(streamHit).toMatchObject({ status: 'hit-exact', fromCache: true });
    expect(streamHit.response.choices[0].message.content).toBe('Knead it.');
  });

  it('does not store a stream that was cut or carried an error', async () => {
    const cache = setup();
    await cache.send(ask(france), { stream: true, cutAfter: 2 });
    expect(cache.store.puts).toBe(0);

    const context = createRequestContext();
    const request: PluginRequest = { operation: 'chat-stream', request: ask(france), context };
    await cache.plugin.onRequest!(request);
    for await (const chunk of responseToStream(answer('Par'))) {
      if (chunk.type === 'usage') cache.plugin.onStreamChunk!(request, { type: 'error', error: { message: 'reset', code: 'upstream_error', type: 'api_error', status: 502 } });
      cache.plugin.onStreamChunk!(request, chunk);
    }
    await cache.plugin.onResponse!(request, { streamed: true, shortCircuited: false });
    await cache.plugin.flush();
    expect(cache.store.puts).toBe(0);
  });

  it('does not store errors', async () => {
    const cache = setup();
    await cache.send(ask(france), { fail: true });
    await cache.send(ask(france), { stream: true, fail: true });
    expect(cache.store.puts).toBe(0);
  });

  it('stores only answers whose every choice ended with a configured finish reason', async () => {
    const cache = setup();
    for (const reason of ['tool_calls', 'content_filter', null] as const) await cache.send(ask(france), { reply: answer('x', reason) });
    const twoChoices = answer('a');
    twoChoices.choices.push({ index: 1, message: { role: 'assistant', content: 'b' }, finish_reason: 'content_filter' });
    await cache.send(ask(france), { reply: twoChoices });
    expect(cache.store.puts).toBe(0);
    await cache.send(ask(france), { reply: answer('cut short', 'length') });
    expect(cache.store.puts).toBe(1);

    const withTools = setup({ cache_finish_reasons: ['stop', 'tool_calls'] });
    await withTools.send(ask(france), { reply: answer('x', 'tool_calls') });
    expect(withTools.store.puts).toBe(1);
  });

  it('never serves an entry past its ttl', async () => {
    const cache = setup({ ttl: '1m' });
    await cache.send(ask(france));
    cache.advance(59_999);
    expect((await cache.send(ask(france))).status).toBe('hit-exact');
    cache.advance(1);
    expect((await cache.send(ask(paraphrase), { headers: { 'x-bf-cache-no-store': 'true' } })).status).toBe('miss');
    expect((await cache.send(ask(france))).status).toBe('miss');
  });

  it('records entry metadata: request id, cache key, serving provider and model, times, vector', async () => {
    const cache = setup({ ttl: '10s' });
    await cache.send(ask(france), { headers: { 'x-bf-cache-key': 'team' } });
    const [entry] = cache.store.entries.values();
    expect(entry).toMatchObject({ cacheKey: 'team', provider: 'openai', model: 'gpt-4o', createdAt: 1_000_000_000, expiresAt: 1_000_010_000 });
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry.embedding).toBeInstanceOf(Float32Array);
    expect(Math.hypot(...entry.embedding!)).toBeCloseTo(1, 5);
  });

  it('stores entries without a vector in exact mode', async () => {
    const cache = setup({ mode: 'exact' });
    await cache.send(ask(france));
    expect([...cache.store.entries.values()][0].embedding).toBeNull();
    expect(cache.embedCalls).toHaveLength(0);
  });
});

describe('semantic_cache plugin: failures', () => {
  it('serves from the provider when the store fails, logging one warning per interval', async () => {
    const cache = setup();
    await cache.send(ask(france));
    cache.store.failing = true;
    for (let i = 0; i < 3; i++) expect((await cache.send(ask(france))).status).toBe('miss');
    expect(cache.upstreamCalls()).toBe(4);
    expect(cache.warn).toHaveBeenCalledTimes(2); // one for lookups, one for writes
    cache.store.failing = false;
    expect((await cache.send(ask(france))).status).toBe('hit-exact');
  });

  it('does not wait for the store write before the answer is returned', async () => {
    const cache = setup();
    let release!: () => void;
    cache.store.put = () => new Promise<void>((resolve) => (release = resolve));
    const context = createRequestContext();
    const request: PluginRequest = { operation: 'chat', request: ask(france, { n: 1 }), context };
    await cache.plugin.onRequest!(request);
    const returned = cache.plugin.onResponse!(request, { response: answer('Paris.'), shortCircuited: false });
    expect(returned).toBeUndefined();
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    expect(cache.metrics.stored).not.toHaveBeenCalled();
    release();
    await cache.plugin.flush();
    expect(cache.metrics.stored).toHaveBeenCalledTimes(1);
  });

  it('waits for pending writes on close', async () => {
    const cache = setup();
    let release!: () => void;
    const put = cache.store.put.bind(cache.store);
    cache.store.put = (entry) => new Promise<void>((resolve) => (release = () => void put(entry).then(resolve)));
    const context = createRequestContext();
    const request: PluginRequest = { operation: 'chat', request: ask(france), context };
    await cache.plugin.onRequest!(request);
    cache.plugin.onResponse!(request, { response: answer('Paris.'), shortCircuited: false });
    const closing = cache.plugin.close!();
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    release();
    await closing;
    expect(cache.store.puts).toBe(1);
  });
});

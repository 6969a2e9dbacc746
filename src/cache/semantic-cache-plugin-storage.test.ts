import { describe, expect, it, vi } from 'vitest';
import { createRequestContext } from '../core/request-context.js';
import { isGatewayError } from '../errors/index.js';
import type { PluginRequest } from '../plugins/contract.js';
import { responseToStream } from '../streaming/response-to-stream.js';
import { answer, ask, france, paraphrase, setup, unrelated } from '../../test/support/cache/plugin-harness.js';

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

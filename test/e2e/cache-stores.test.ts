import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { ask, type CachedGateway, startCachedGateway } from '../support/cache-fixture.js';
import { deleteKeys, redisAvailable, redisServer } from '../support/redis.js';
import { startGateway } from '../support/start-gateway.js';

const hasRedis = await redisAvailable();

/** Waits until the cache holds `count` entries, as `/metrics` reports them; fails after 5 s. */
async function entriesReach(cached: CachedGateway, count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const text = await (await fetch(`${cached.served.origin}/metrics`)).text();
    if (Number(/^switchyard_cache_entries (\S+)$/m.exec(text)?.[1]) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the cache did not reach ${count} entries within 5 s`);
}

describe('cache stores and management', () => {
  const started: CachedGateway[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cached of started.splice(0)) await cached.served.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const start = async (options: Parameters<typeof startCachedGateway>[0]) => {
    const cached = await startCachedGateway(options);
    started.push(cached);
    return cached;
  };

  it('keeps the embedded cache across a restart (persisted under the app directory)', async () => {
    const appDir = mkdtempSync(join(tmpdir(), 'switchyard-cache-'));
    const upstream = await startOpenAIUpstream();
    cleanups.push(() => upstream.close(), () => rmSync(appDir, { recursive: true, force: true }));
    const first = await start({ appDir, upstream });
    await first.chat(ask('remember me across restarts'));
    await first.chat(ask('and me too'));
    await first.served.close();
    started.splice(0);

    const second = await start({ appDir, upstream });
    const exact = await second.chat(ask('remember me across restarts'));
    expect(exact.response.headers.get('x-switchyard-cache')).toBe('hit-exact');
    const semantic = await second.chat(ask('and me too please'));
    expect(semantic.response.headers.get('x-switchyard-cache')).toBe('hit-semantic');
    expect(second.chatCalls()).toBe(2); // both from before the restart
  });

  it.runIf(hasRedis)('lets two gateway instances sharing one Redis serve each other’s entries, exact and semantic', async () => {
    const prefix = `sy-test-${randomBytes(4).toString('hex')}:`;
    cleanups.push(() => deleteKeys(prefix));
    const vectorStore = { vector_store: { enabled: true, type: 'redis', config: { addr: `${redisServer.host}:${redisServer.port}`, key_prefix: prefix } } };
    const upstream = await startOpenAIUpstream();
    cleanups.push(() => upstream.close());
    const a = await start({ extra: vectorStore, upstream });
    const b = await start({ extra: vectorStore, upstream });
    await a.chat(ask('shared between instances'));
    await entriesReach(a, 1); // stores are written after the answer, not before it
    expect((await b.chat(ask('shared between instances'))).response.headers.get('x-switchyard-cache')).toBe('hit-exact');
    await b.chat(ask('written by the second instance'));
    await entriesReach(b, 2);
    expect((await a.chat(ask('written by the second instance please'))).response.headers.get('x-switchyard-cache')).toBe('hit-semantic');
    expect(a.chatCalls()).toBe(2);
  });

  it('clears one request’s entry, one cache key’s entries, or everything', async () => {
    const { chat, served } = await start({ cache: { mode: 'exact' } });
    const remove = (path: string) => fetch(`${served.origin}${path}`, { method: 'DELETE' });
    const stored = await chat(ask('clear me by request id'), { 'x-request-id': 'cache-req-1' });
    expect(stored.response.headers.get('x-switchyard-cache')).toBe('miss');
    const byRequest = await remove('/api/cache/clear/cache-req-1');
    expect(byRequest.status).toBe(200);
    expect(await byRequest.json()).toEqual({ deleted: 1 });
    expect((await chat(ask('clear me by request id'))).response.headers.get('x-switchyard-cache')).toBe('miss');

    await chat(ask('team entry one'), { 'x-bf-cache-key': 'team-x' });
    await chat(ask('team entry two'), { 'x-bf-cache-key': 'team-x' });
    expect(await (await remove('/api/cache/clear-by-key/team-x')).json()).toEqual({ deleted: 2 });
    expect((await chat(ask('team entry one'), { 'x-bf-cache-key': 'team-x' })).response.headers.get('x-switchyard-cache')).toBe('miss');

    const all = (await (await remove('/api/cache/clear')).json()) as { deleted: number };
    expect(all.deleted).toBeGreaterThanOrEqual(2);
    expect((await chat(ask('clear me by request id'))).response.headers.get('x-switchyard-cache')).toBe('miss');
  });

  it('answers 404 cache_disabled on a gateway without the cache', async () => {
    const served = await startGateway({ config: { providers: { mock: { keys: [{ name: 'm', value: 'x', models: [], weight: 1 }] } } } });
    cleanups.push(() => served.close());
    const response = await fetch(`${served.origin}/api/cache/clear`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as any).error.code).toBe('cache_disabled');
  });
});

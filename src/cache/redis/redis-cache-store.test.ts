import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deleteKeys, redisAvailable, redisServer } from '../../../test/support/redis.js';
import type { Logger } from '../../logging/logger.js';
import type { CacheEntry } from '../cache-entry.js';
import { openRedisCacheStore, type RedisCacheStore } from './redis-cache-store.js';
import { closedPort } from '../../../test/support/start-gateway.js';
import { startTcpProxy } from '../../../test/support/tcp-proxy.js';

// Skips (with a message) only when Redis is absent outside CI; under CI a missing Redis fails.
const hasRedis = await redisAvailable();
const prefix = `sy-test-${randomBytes(4).toString('hex')}:`;
const addr = `${redisServer.host}:${redisServer.port}`;
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, fatal() {} } as unknown as Logger;

let sequence = 0;
/** A unit vector along `axis` (of 16), tilted toward the next axis by `tilt`. */
function unit(axis: number, tilt = 0): Float32Array {
  const vector = new Float32Array(16);
  vector[axis] = 1;
  vector[(axis + 1) % 16] = tilt;
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function entry(overrides: Partial<CacheEntry> = {}): CacheEntry {
  const id = `entry-${++sequence}-${randomBytes(3).toString('hex')}`;
  const now = Date.now();
  return {
    id,
    key: `key-${id}`,
    partition: 'partition-a',
    cacheKey: null,
    requestId: `request-${id}`,
    provider: 'openai',
    model: 'gpt-4o-mini',
    response: { id: `chatcmpl-${id}`, object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: `answer ${id}` }, finish_reason: 'stop' }] },
    embedding: unit(0),
    createdAt: now,
    expiresAt: now + 60_000,
    ...overrides,
  };
}

describe.runIf(hasRedis)('RedisCacheStore', () => {
  const opened: RedisCacheStore[] = [];
  const open = async (keyPrefix = prefix) => {
    const store = await openRedisCacheStore({ addr, keyPrefix, logger: silent });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await deleteKeys(prefix);
  });
  afterAll(() => deleteKeys(prefix));

  it('serves an entry by its exact key, embedding and all, and nothing for another key', async () => {
    const store = await open();
    const stored = entry();
    await store.put(stored);
    const found = await store.getExact(stored.key, Date.now());
    expect(found).toMatchObject({ id: stored.id, response: stored.response, partition: stored.partition });
    expect(Array.from(found!.embedding!)).toEqual(Array.from(stored.embedding!));
    expect(await store.getExact('another-key', Date.now())).toBeUndefined();
  });

  it('replaces the entry under the same exact key (the replaced one is gone for semantic lookups too)', async () => {
    const store = await open();
    const first = entry({ key: 'same', embedding: unit(3) });
    const second = entry({ key: 'same', embedding: unit(3, 0.01) });
    await store.put(first);
    await store.put(second);
    expect((await store.getExact('same', Date.now()))?.id).toBe(second.id);
    expect((await store.findSimilar('partition-a', unit(3), 0.9, Date.now()))?.entry.id).toBe(second.id);
    expect(await store.size()).toBe(1);
  });

  it('finds the most similar entry of a partition above the threshold, with its similarity', async () => {
    const store = await open();
    const near = entry({ embedding: unit(0, 0.2) });
    const far = entry({ embedding: unit(0, 0.9) });
    const other = entry({ embedding: unit(5) });
    for (const stored of [far, near, other]) await store.put(stored);
    const match = await store.findSimilar('partition-a', unit(0), 0.8, Date.now());
    expect(match?.entry.id).toBe(near.id);
    expect(match?.similarity).toBeCloseTo(1 / Math.hypot(1, 0.2), 5);
    expect(await store.findSimilar('partition-a', unit(0), 0.99, Date.now())).toBeUndefined();
    expect(await store.findSimilar('partition-a', unit(9), 0.5, Date.now())).toBeUndefined();
  });

  it('never matches across partitions', async () => {
    const store = await open();
    await store.put(entry({ partition: 'partition-b', embedding: unit(2) }));
    expect(await store.findSimilar('partition-a', unit(2), 0.5, Date.now())).toBeUndefined();
    expect(await store.findSimilar('partition-b', unit(2), 0.5, Date.now())).toBeDefined();
  });

  it('lets Redis expire entries after their TTL (PX), exact and semantic', async () => {
    const store = await open();
    const createdAt = Date.now();
    const shortLived = entry({ createdAt, expiresAt: createdAt + 150, embedding: unit(7) });
    await store.put(shortLived);
    expect(await store.getExact(shortLived.key, createdAt)).toBeDefined();
    expect(await store.findSimilar('partition-a', unit(7), 0.9, createdAt)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Asked with the write-time clock: only Redis's own expiry can hide the entry.
    expect(await store.getExact(shortLived.key, createdAt)).toBeUndefined();
    expect(await store.findSimilar('partition-a', unit(7), 0.9, createdAt)).toBeUndefined();
    expect(await store.size()).toBe(0);
  });

  it('never serves an entry expired by the caller’s clock', async () => {
    const store = await open();
    const stored = entry({ embedding: unit(4) });
    await store.put(stored);
    expect(await store.getExact(stored.key, stored.expiresAt)).toBeUndefined();
    expect(await store.findSimilar('partition-a', unit(4), 0.9, stored.expiresAt)).toBeUndefined();
  });

  it('lets two instances sharing one Redis serve each other’s entries, exact and semantic, both ways', async () => {
    const a = await open();
    const b = await open();
    expect(await b.findSimilar('partition-a', unit(1), 0.9, Date.now())).toBeUndefined(); // b's mirror reads before a writes
    const fromA = entry({ embedding: unit(1) });
    await a.put(fromA);
    expect((await b.getExact(fromA.key, Date.now()))?.id).toBe(fromA.id);
    expect((await b.findSimilar('partition-a', unit(1, 0.1), 0.9, Date.now()))?.entry.id).toBe(fromA.id);
    const fromB = entry({ embedding: unit(6) });
    await b.put(fromB);
    expect((await a.getExact(fromB.key, Date.now()))?.id).toBe(fromB.id);
    expect((await a.findSimilar('partition-a', unit(6, 0.1), 0.9, Date.now()))?.entry.id).toBe(fromB.id);
  });

  it('stops serving semantically what another instance deleted', async () => {
    const a = await open();
    const b = await open();
    const stored = entry({ embedding: unit(8), requestId: 'shared-request' });
    await a.put(stored);
    expect(await b.findSimilar('partition-a', unit(8), 0.9, Date.now())).toBeDefined();
    expect(await a.deleteByRequestId('shared-request')).toBe(1);
    expect(await b.findSimilar('partition-a', unit(8), 0.9, Date.now())).toBeUndefined();
    expect(await b.getExact(stored.key, Date.now())).toBeUndefined();
  });

  it('sees every entry stored before a lookup even while other lookups read the stream', async () => {
    const store = await open();
    const entries = Array.from({ length: 12 }, (_, axis) => entry({ embedding: unit(axis) }));
    await Promise.all(entries.map((stored) => store.put(stored)));
    const matches = await Promise.all(entries.map((_, axis) => store.findSimilar('partition-a', unit(axis), 0.99, Date.now())));
    expect(matches.map((match) => match?.entry.id)).toEqual(entries.map(({ id }) => id));
  });

  it('deletes by request id and by cache key, counting entries, and clears everything under its prefix only', async () => {
    const store = await open();
    const neighbourPrefix = prefix.replace(/:$/, '-other:'); // beside the prefix, not under it
    const neighbour = await open(neighbourPrefix);
    const foreign = entry();
    await neighbour.put(foreign);
    const byRequest = [entry({ requestId: 'r1' }), entry({ requestId: 'r1' }), entry({ requestId: 'r2' })];
    const byCacheKey = [entry({ cacheKey: 'team-x' }), entry({ cacheKey: 'team-x' }), entry({ cacheKey: 'team-y' })];
    for (const stored of [...byRequest, ...byCacheKey]) await store.put(stored);
    expect(await store.size()).toBe(6);
    expect(await store.deleteByRequestId('r1')).toBe(2);
    expect(await store.deleteByRequestId('r1')).toBe(0);
    expect(await store.getExact(byRequest[0].key, Date.now())).toBeUndefined();
    expect(await store.getExact(byRequest[2].key, Date.now())).toBeDefined();
    expect(await store.deleteByCacheKey('team-x')).toBe(2);
    expect(await store.getExact(byCacheKey[1].key, Date.now())).toBeUndefined();
    expect(await store.size()).toBe(2);
    expect(await store.clear()).toBe(2);
    expect(await store.size()).toBe(0);
    expect(await store.findSimilar('partition-a', unit(0), 0.5, Date.now())).toBeUndefined();
    expect((await neighbour.getExact(foreign.key, Date.now()))?.id).toBe(foreign.id);
    await neighbour.clear();
  });

  it('leaves no key without an expiry', async () => {
    const store = await open();
    await store.put(entry({ cacheKey: 'team-z', embedding: unit(2) }));
    const client = new Redis(redisServer);
    try {
      const keys = await client.keys(`${prefix}*`);
      expect(keys.length).toBe(5);
      for (const key of keys) expect(await client.pttl(key)).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
  });
});

describe.runIf(hasRedis)('RedisCacheStore across an outage', () => {
  afterAll(() => deleteKeys(prefix));

  it('rejects calls at once while Redis is gone and works again once it is back', async () => {
    const relay = await startTcpProxy(redisServer.host, redisServer.port);
    const store = await openRedisCacheStore({ addr: `127.0.0.1:${relay.port}`, keyPrefix: prefix, logger: silent });
    try {
      const stored = entry({ embedding: unit(11) });
      await store.put(stored);
      await relay.down();
      const begun = Date.now();
      await expect(store.getExact(stored.key, Date.now())).rejects.toThrow();
      await expect(store.findSimilar('partition-a', unit(11), 0.9, Date.now())).rejects.toThrow();
      expect(Date.now() - begun).toBeLessThan(1_500);
      await relay.up();
      try {
        const deadline = Date.now() + 5_000;
        let found: CacheEntry | undefined;
        while (found === undefined && Date.now() < deadline) {
          found = await store.getExact(stored.key, Date.now()).catch(() => undefined);
          if (found === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(found?.id).toBe(stored.id);
        expect((await store.findSimilar('partition-a', unit(11), 0.9, Date.now()))?.entry.id).toBe(stored.id);
      } finally {
        await relay.close();
      }
    } finally {
      await store.close();
    }
  });
});

describe('RedisCacheStore without a server', () => {
  it('rejects every call within ~1.5 s while Redis is unreachable', async () => {
    const closed = await closedPort();
    const warnings: unknown[] = [];
    const logger = { ...silent, warn: (fields: unknown) => warnings.push(fields) } as Logger;
    const started = Date.now();
    const store = await openRedisCacheStore({ addr: `127.0.0.1:${closed}`, keyPrefix: prefix, logger });
    expect(Date.now() - started).toBeLessThan(1_600);
    const calls: Array<() => Promise<unknown>> = [
      () => store.getExact('k', Date.now()),
      () => store.findSimilar('p', unit(0), 0.5, Date.now()),
      () => store.put(entry()),
      () => store.deleteByRequestId('r'),
      () => store.deleteByCacheKey('c'),
      () => store.clear(),
      () => store.size(),
    ];
    for (const call of calls) {
      const begun = Date.now();
      await expect(call()).rejects.toThrow();
      expect(Date.now() - begun).toBeLessThan(1_500);
    }
    expect(warnings.length).toBeGreaterThan(0);
    await store.close();
  });
});

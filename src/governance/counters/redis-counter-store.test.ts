import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deleteKeys, redisAvailable, redisServer } from '../../../test/support/redis.js';
import type { Logger } from '../../logging/logger.js';
import type { WindowLimit } from './counter-store.js';
import { openRedisCounterStore, type RedisCounterStore } from './redis-counter-store.js';
import { closedPort } from '../../../test/support/start-gateway.js';

// Shared behaviour: counter-store.test.ts. Skips (with a message) only when Redis
// is absent outside CI; under CI a missing Redis fails.
const hasRedis = await redisAvailable();
const prefix = `sy-test-counters-${randomBytes(4).toString('hex')}:`;
const addr = `${redisServer.host}:${redisServer.port}`;
const silent = { debug() {}, info() {}, warn() {}, error() {}, fatal() {} } as unknown as Logger;

describe.runIf(hasRedis)('RedisCounterStore', () => {
  const opened: RedisCounterStore[] = [];
  const open = async () => {
    const store = await openRedisCounterStore({ addr, keyPrefix: prefix, logger: silent });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  afterAll(() => deleteKeys(prefix));

  it('lets exactly 10 of 50 concurrent calls through a 10-per-window limit across two instances', async () => {
    const [first, second] = [await open(), await open()];
    const limit: WindowLimit = { key: 'shared-requests', limit: 10, windowMs: 60_000 };
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 50 }, (_, call) => (call % 2 === 0 ? first : second).consume([limit], 1, now)));
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    expect(await first.read([limit], now)).toEqual([10]);
    expect(await second.read([limit], now)).toEqual([10]);
  });

  it('stores whole millionths under <prefix><key>:<windowStart>, expiring a minute after the window ends', async () => {
    const store = await open();
    const now = Date.UTC(2024, 4, 10, 12, 0, 15);
    await store.add([{ key: 'vk:a:budget', limit: 5, windowMs: 60_000 }], 0.25, now);
    const client = new Redis(redisServer);
    try {
      const key = `${prefix}vk:a:budget:${Date.UTC(2024, 4, 10, 12, 0, 0)}`;
      expect(await client.get(key)).toBe('250000');
      const ttl = await client.pttl(key);
      expect(ttl).toBeGreaterThan(100_000);
      expect(ttl).toBeLessThanOrEqual(105_000);
    } finally {
      client.disconnect();
    }
  });
});

describe('RedisCounterStore without a server', () => {
  it('rejects every call within ~1.5 s while Redis is unreachable', async () => {
    const closed = await closedPort();
    const warnings: unknown[] = [];
    const logger = { ...silent, warn: (fields: unknown) => warnings.push(fields) } as Logger;
    const started = Date.now();
    const store = await openRedisCounterStore({ addr: `127.0.0.1:${closed}`, keyPrefix: prefix, logger });
    expect(Date.now() - started).toBeLessThan(1_600);
    const limits: WindowLimit[] = [{ key: 'k', limit: 1, windowMs: 1_000 }];
    const calls: Array<() => Promise<unknown>> = [
      () => store.consume(limits, 1, Date.now()),
      () => store.check(limits, Date.now()),
      () => store.add(limits, 1, Date.now()),
      () => store.read(limits, Date.now()),
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

import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deleteKeys, redisAvailable, redisServer } from '../../../test/support/redis.js';
import type { CounterStore, WindowLimit } from './counter-store.js';
import { MemoryCounterStore } from './memory-counter-store.js';
import { openRedisCounterStore } from './redis-counter-store.js';

// The behaviour every CounterStore shares. Redis runs it too, skipping (with a
// message) only when Redis is absent outside CI; under CI a missing Redis fails.
const hasRedis = await redisAvailable();
const prefix = `sy-test-counters-${randomBytes(4).toString('hex')}:`;

const implementations: Array<{ name: string; available: boolean; open: () => Promise<CounterStore> }> = [
  { name: 'MemoryCounterStore', available: true, open: async () => new MemoryCounterStore() },
  { name: 'RedisCounterStore', available: hasRedis, open: () => openRedisCounterStore({ addr: `${redisServer.host}:${redisServer.port}`, keyPrefix: prefix }) },
];

const minute = 60_000;
/** A time well inside a minute window: 2024-05-10T12:00:10Z. */
const t0 = Date.UTC(2024, 4, 10, 12, 0, 10);
let sequence = 0;
const perMinute = (limit: number): WindowLimit => ({ key: `requests-${++sequence}`, limit, windowMs: minute });

for (const { name, available, open } of implementations) {
  describe.runIf(available)(`${name} (shared counter store behaviour)`, () => {
    const opened: CounterStore[] = [];
    const store = async () => {
      const created = await open();
      opened.push(created);
      return created;
    };
    afterEach(async () => {
      for (const created of opened.splice(0)) await created.close();
    });
    afterAll(() => (hasRedis ? deleteKeys(prefix) : undefined));

    it('consumes until the limit is reached, then refuses with the counter, its use and the time left in the window', async () => {
      const counters = await store();
      const limit = perMinute(3);
      for (let request = 0; request < 3; request++) expect(await counters.consume([limit], 1, t0)).toEqual({ allowed: true });
      expect(await counters.consume([limit], 1, t0 + 5_000)).toEqual({ allowed: false, key: limit.key, limit: 3, used: 3, retryAfterMs: 45_000 });
      expect(await counters.read([limit], t0)).toEqual([3]);
    });

    it('adds nothing to any counter when one of them would pass its limit', async () => {
      const counters = await store();
      const roomy = perMinute(100);
      const tight = perMinute(2);
      expect(await counters.consume([roomy, tight], 2, t0)).toEqual({ allowed: true });
      const refused = await counters.consume([roomy, tight], 1, t0);
      expect(refused).toMatchObject({ allowed: false, key: tight.key, used: 2, limit: 2 });
      expect(await counters.read([roomy, tight], t0)).toEqual([2, 2]);
    });

    it('refuses an amount larger than the whole limit even in an empty window', async () => {
      const counters = await store();
      const limit = perMinute(5);
      expect(await counters.consume([limit], 6, t0)).toMatchObject({ allowed: false, used: 0 });
      expect(await counters.consume([limit], 5, t0)).toEqual({ allowed: true });
    });

    it('checks without adding: allowed while below the limit, refused once it is reached', async () => {
      const counters = await store();
      const budget: WindowLimit = { key: `budget-${++sequence}`, limit: 1, windowMs: minute };
      expect(await counters.check([budget], t0)).toEqual({ allowed: true });
      await counters.add([budget], 0.99, t0);
      expect(await counters.check([budget], t0)).toEqual({ allowed: true });
      expect(await counters.read([budget], t0)).toEqual([0.99]);
      await counters.add([budget], 0.01, t0);
      expect(await counters.check([budget], t0)).toEqual({ allowed: false, key: budget.key, limit: 1, used: 1, retryAfterMs: 50_000 });
    });

    it('adds past the limit without checking (cost known only after the answer)', async () => {
      const counters = await store();
      const budget = perMinute(1);
      await counters.add([budget], 0.75, t0);
      await counters.add([budget], 0.75, t0);
      expect(await counters.read([budget], t0)).toEqual([1.5]);
      expect(await counters.check([budget], t0)).toMatchObject({ allowed: false, used: 1.5 });
    });

    it('sums fractional amounts exactly (ten payments of $0.1 spend exactly $1)', async () => {
      const counters = await store();
      const budget = perMinute(1);
      for (let payment = 0; payment < 10; payment++) expect(await counters.consume([budget], 0.1, t0)).toEqual({ allowed: true });
      expect(await counters.read([budget], t0)).toEqual([1]);
      expect(await counters.consume([budget], 0.000001, t0)).toMatchObject({ allowed: false, used: 1 });
      const cents = perMinute(0.3);
      for (const amount of [0.1, 0.2]) expect(await counters.consume([cents], amount, t0)).toEqual({ allowed: true });
      expect(await counters.read([cents], t0)).toEqual([0.3]);
    });

    it('starts a fresh window when the fixed window rolls over', async () => {
      const counters = await store();
      const limit = perMinute(2);
      const windowStart = Math.floor(t0 / minute) * minute;
      await counters.consume([limit], 2, windowStart);
      expect(await counters.consume([limit], 1, windowStart + minute - 1)).toMatchObject({ allowed: false, retryAfterMs: 1 });
      expect(await counters.read([limit], windowStart + minute)).toEqual([0]);
      expect(await counters.consume([limit], 1, windowStart + minute)).toEqual({ allowed: true });
      expect(await counters.read([limit], windowStart + minute)).toEqual([1]);
    });

    it('counts calendar months in UTC, whatever their length, with the time left until the next month', async () => {
      const counters = await store();
      const monthly: WindowLimit = { key: `monthly-${++sequence}`, limit: 10, windowMs: 0, calendar: 'month' };
      const february = Date.UTC(2024, 1, 1);
      const lastMomentOfFebruary = Date.UTC(2024, 2, 1) - 1;
      await counters.add([monthly], 10, february);
      expect(await counters.check([monthly], lastMomentOfFebruary)).toMatchObject({ allowed: false, used: 10, retryAfterMs: 1 });
      expect(await counters.check([monthly], Date.UTC(2024, 1, 15))).toMatchObject({ allowed: false, retryAfterMs: 15 * 86_400_000 });
      expect(await counters.read([monthly], Date.UTC(2024, 2, 1))).toEqual([0]);
      expect(await counters.check([monthly], Date.UTC(2024, 2, 1))).toEqual({ allowed: true });
    });

    it('counts calendar years in UTC', async () => {
      const counters = await store();
      const yearly: WindowLimit = { key: `yearly-${++sequence}`, limit: 5, windowMs: 0, calendar: 'year' };
      await counters.add([yearly], 5, Date.UTC(2024, 0, 1));
      expect(await counters.consume([yearly], 1, Date.UTC(2024, 11, 31, 23, 59))).toMatchObject({ allowed: false, retryAfterMs: minute });
      expect(await counters.consume([yearly], 1, Date.UTC(2025, 0, 1))).toEqual({ allowed: true });
    });

    it('keeps counters of different keys apart', async () => {
      const counters = await store();
      const first = perMinute(1);
      const second = perMinute(1);
      await counters.consume([first], 1, t0);
      expect(await counters.consume([second], 1, t0)).toEqual({ allowed: true });
      expect(await counters.read([first, second], t0)).toEqual([1, 1]);
    });

    it('allows everything for an empty list of limits and reads nothing', async () => {
      const counters = await store();
      expect(await counters.consume([], 1, t0)).toEqual({ allowed: true });
      expect(await counters.check([], t0)).toEqual({ allowed: true });
      await counters.add([], 1, t0);
      expect(await counters.read([], t0)).toEqual([]);
    });

    it('rejects negative and non-finite amounts and windows that are not positive', async () => {
      const counters = await store();
      await expect(counters.consume([perMinute(1)], -1, t0)).rejects.toThrow(RangeError);
      await expect(counters.add([perMinute(1)], Number.NaN, t0)).rejects.toThrow(RangeError);
      await expect(counters.check([{ key: 'bad', limit: 1, windowMs: 0 }], t0)).rejects.toThrow(RangeError);
    });

    it('lets exactly the limit through when 50 calls consume at once', async () => {
      const counters = await store();
      const limit = perMinute(10);
      const results = await Promise.all(Array.from({ length: 50 }, () => counters.consume([limit], 1, t0)));
      expect(results.filter((result) => result.allowed)).toHaveLength(10);
      expect(await counters.read([limit], t0)).toEqual([10]);
    });
  });
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatResponse } from '../../api/index.js';
import type { Logger } from '../../logging/logger.js';
import type { CacheEntry } from '../cache-entry.js';
import { openEmbeddedCacheStore, type EmbeddedCacheStore, type EmbeddedCacheStoreOptions } from './embedded-cache-store.js';

const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn(), fatal: vi.fn() } as unknown as Logger;
const dimensions = 32;

/** A deterministic pseudo-random unit vector. */
function unitVector(seed: number): Float32Array {
  const vector = new Float32Array(dimensions);
  let state = seed * 2654435761 + 1;
  for (let i = 0; i < dimensions; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    vector[i] = state / 2147483648 - 0.5;
  }
  return normalize(vector);
}

function normalize(vector: Float32Array): Float32Array {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

/** `base` moved towards `other` by `amount` (0..1), unit length. */
function blend(base: Float32Array, other: Float32Array, amount: number): Float32Array {
  return normalize(base.map((value, i) => value * (1 - amount) + other[i] * amount));
}

function response(text: string): ChatResponse {
  return { id: `chatcmpl-${text}`, object: 'chat.completion', created: 1, model: 'gpt-test', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } } as ChatResponse;
}

let counter = 0;
function entry(fields: Partial<CacheEntry> = {}): CacheEntry {
  counter++;
  return {
    id: `id-${counter}`,
    key: `key-${counter}`,
    partition: 'p1',
    cacheKey: null,
    requestId: `request-${counter}`,
    provider: 'openai',
    model: 'gpt-test',
    response: response(`answer ${counter}`),
    embedding: null,
    createdAt: 1_000 + counter,
    expiresAt: 1_000_000,
    ...fields,
  };
}

const stores: EmbeddedCacheStore[] = [];
async function open(options: Partial<EmbeddedCacheStoreOptions> = {}): Promise<EmbeddedCacheStore> {
  const store = await openEmbeddedCacheStore({ maxEntries: 1000, logger, now: () => 5_000, ...options });
  stores.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

describe('embedded cache store: exact entries', () => {
  it('returns an entry by its exact key, each time as a fresh copy of the response', async () => {
    const store = await open();
    const stored = entry({ key: 'k' });
    await store.put(stored);
    const first = await store.getExact('k', 5_000);
    expect(first?.response).toEqual(stored.response);
    expect(first?.id).toBe(stored.id);
    first!.response.choices[0].message.content = 'changed by a caller';
    expect((await store.getExact('k', 5_000))?.response).toEqual(stored.response);
    expect(await store.getExact('other', 5_000)).toBeUndefined();
  });

  it('replaces an entry stored under the same key', async () => {
    const store = await open();
    await store.put(entry({ key: 'k', response: response('old') }));
    await store.put(entry({ key: 'k', response: response('new') }));
    expect((await store.getExact('k', 5_000))?.response.choices[0].message.content).toBe('new');
    expect(await store.size()).toBe(1);
  });

  it('never returns an expired entry, and removes it when met', async () => {
    const store = await open();
    await store.put(entry({ key: 'k', expiresAt: 10_000 }));
    expect(await store.getExact('k', 9_999)).toBeDefined();
    expect(await store.getExact('k', 10_000)).toBeUndefined();
    expect(await store.size()).toBe(0);
  });

  it('sweeps expired entries out by the injected clock', async () => {
    let now = 5_000;
    const store = await open({ now: () => now });
    await store.put(entry({ expiresAt: 6_000 }));
    await store.put(entry({ expiresAt: 6_000, embedding: unitVector(1) }));
    await store.put(entry({ expiresAt: 60_000 }));
    now = 7_000;
    expect(store.sweep()).toBe(2);
    expect(await store.size()).toBe(1);
    expect(await store.findSimilar('p1', unitVector(1), 0, now)).toBeUndefined();
  });
});

describe('embedded cache store: semantic lookups', () => {
  it('returns the most similar entry of the partition, with its exact cosine similarity', async () => {
    const store = await open();
    const target = unitVector(1);
    await store.put(entry({ key: 'far', embedding: unitVector(2) }));
    await store.put(entry({ key: 'near', embedding: blend(target, unitVector(3), 0.2) }));
    await store.put(entry({ key: 'nearer', embedding: blend(target, unitVector(3), 0.05) }));
    const match = await store.findSimilar('p1', target, 0.5, 5_000);
    expect(match?.entry.key).toBe('nearer');
    const expected = blend(target, unitVector(3), 0.05).reduce((sum, value, i) => sum + value * target[i], 0);
    expect(match?.similarity).toBeCloseTo(expected, 5);
  });

  it('misses when the best similarity is below the threshold', async () => {
    const store = await open();
    const target = unitVector(1);
    await store.put(entry({ embedding: blend(target, unitVector(3), 0.3) }));
    const match = await store.findSimilar('p1', target, 0, 5_000);
    expect(match).toBeDefined();
    expect(await store.findSimilar('p1', target, match!.similarity + 0.001, 5_000)).toBeUndefined();
    expect(await store.findSimilar('p1', target, match!.similarity, 5_000)).toBeDefined();
  });

  it('never matches across partitions or vector sizes', async () => {
    const store = await open();
    await store.put(entry({ partition: 'a', embedding: unitVector(1) }));
    expect(await store.findSimilar('b', unitVector(1), 0.1, 5_000)).toBeUndefined();
    expect(await store.findSimilar('a', unitVector(1).subarray(0, 16), 0.1, 5_000)).toBeUndefined();
    expect((await store.findSimilar('a', unitVector(1), 0.99, 5_000))?.similarity).toBeCloseTo(1, 5);
  });

  it('skips expired entries and serves the best live one', async () => {
    const store = await open();
    const target = unitVector(1);
    await store.put(entry({ key: 'best-but-expired', embedding: target, expiresAt: 6_000 }));
    await store.put(entry({ key: 'second', embedding: blend(target, unitVector(2), 0.1) }));
    expect((await store.findSimilar('p1', target, 0.5, 5_000))?.entry.key).toBe('best-but-expired');
    expect((await store.findSimilar('p1', target, 0.5, 6_000))?.entry.key).toBe('second');
    expect(await store.size()).toBe(1);
  });

  it('normalizes vectors that are not unit length', async () => {
    const store = await open();
    await store.put(entry({ embedding: unitVector(1).map((value) => value * 3) }));
    expect((await store.findSimilar('p1', unitVector(1).map((value) => value * 0.5), 0.99, 5_000))?.similarity).toBeCloseTo(1, 5);
  });

  it('finds the same best entry as exact search once a partition is indexed, through deletes and rebuilds', async () => {
    const store = await open({ vectorSearch: { exactSearchUpTo: 16 } });
    const reference = await open({ vectorSearch: { exactSearchUpTo: 1_000_000 } });
    const put = async (seed: number) => {
      const fields = { key: `k${seed}`, id: `id${seed}`, requestId: `r${seed}`, embedding: unitVector(seed) };
      await store.put(entry(fields));
      await reference.put(entry(fields));
    };
    for (let seed = 0; seed < 400; seed++) await put(seed);
    const compare = async () => {
      for (let query = 0; query < 60; query++) {
        const vector = blend(unitVector(query * 7), unitVector(10_000 + query), 0.2);
        const [indexed, exact] = await Promise.all([store.findSimilar('p1', vector, 0, 5_000), reference.findSimilar('p1', vector, 0, 5_000)]);
        expect(indexed?.entry.key).toBe(exact?.entry.key);
        expect(indexed?.similarity).toBe(exact?.similarity);
      }
    };
    await compare(); // while the index is still being built
    store.finishIndexing();
    await compare();
    for (let seed = 0; seed < 400; seed++) {
      if (seed % 4 === 0) continue;
      await store.deleteByRequestId(`r${seed}`);
      await reference.deleteByRequestId(`r${seed}`);
    }
    await compare(); // dead labels outnumber live ones: rebuilding, the old index serving
    for (let seed = 400; seed < 700; seed++) await put(seed);
    await compare();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(store.indexingDone).toBe(true);
    await compare();
  });
});

describe('embedded cache store: size bound', () => {
  it('evicts the least recently used entries beyond maxEntries and counts them', async () => {
    const store = await open({ maxEntries: 3 });
    await store.put(entry({ key: 'a' }));
    await store.put(entry({ key: 'b', embedding: unitVector(2) }));
    await store.put(entry({ key: 'c' }));
    await store.getExact('a', 5_000);
    await store.put(entry({ key: 'd' }));
    expect(store.evictions).toBe(1);
    expect(await store.getExact('b', 5_000)).toBeUndefined();
    expect(await store.findSimilar('p1', unitVector(2), 0.5, 5_000)).toBeUndefined();
    await store.put(entry({ key: 'e' }));
    expect(store.evictions).toBe(2);
    expect(await store.getExact('c', 5_000)).toBeUndefined();
    expect(await store.getExact('a', 5_000)).toBeDefined();
    expect(await store.size()).toBe(3);
  });

  it('counts a semantic hit as a use', async () => {
    const store = await open({ maxEntries: 2 });
    await store.put(entry({ key: 'a', embedding: unitVector(1) }));
    await store.put(entry({ key: 'b' }));
    await store.findSimilar('p1', unitVector(1), 0.9, 5_000);
    await store.put(entry({ key: 'c' }));
    expect(await store.getExact('a', 5_000)).toBeDefined();
    expect(await store.getExact('b', 5_000)).toBeUndefined();
  });
});

describe('embedded cache store: deletes', () => {
  it('deletes by request id, by cache key, and everything, reporting how many', async () => {
    const store = await open();
    await store.put(entry({ key: 'a', requestId: 'r1', cacheKey: 'team-a', embedding: unitVector(1) }));
    await store.put(entry({ key: 'b', requestId: 'r2', cacheKey: 'team-a' }));
    await store.put(entry({ key: 'c', requestId: 'r3', cacheKey: 'team-b' }));
    await store.put(entry({ key: 'd', requestId: 'r3' }));
    expect(await store.size()).toBe(4);
    expect(await store.deleteByRequestId('r3')).toBe(2);
    expect(await store.deleteByRequestId('r3')).toBe(0);
    expect(await store.deleteByCacheKey('team-a')).toBe(2);
    expect(await store.findSimilar('p1', unitVector(1), 0.5, 5_000)).toBeUndefined();
    expect(await store.size()).toBe(0);
    await store.put(entry({ key: 'e' }));
    await store.put(entry({ key: 'f', embedding: unitVector(2) }));
    expect(await store.clear()).toBe(2);
    expect(await store.size()).toBe(0);
    expect(await store.findSimilar('p1', unitVector(2), 0.5, 5_000)).toBeUndefined();
    await store.put(entry({ key: 'g', embedding: unitVector(2) }));
    expect(await store.findSimilar('p1', unitVector(2), 0.5, 5_000)).toBeDefined();
  });
});

describe('embedded cache store: persistence', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-cache-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('survives a restart: entries and vectors are there, expired ones are not', async () => {
    const path = join(directory, 'nested', 'cache.db');
    const first = await open({ path });
    const kept = entry({ key: 'kept', embedding: unitVector(1), cacheKey: 'team', expiresAt: 100_000 });
    await first.put(kept);
    await first.put(entry({ key: 'short', embedding: unitVector(2), expiresAt: 8_000 }));
    await first.put(entry({ key: 'exact-only', expiresAt: 100_000 }));
    await first.close();

    const second = await open({ path, now: () => 9_000 });
    expect(await second.size()).toBe(2);
    expect(await second.getExact('kept', 9_000)).toEqual(kept);
    expect(await second.getExact('short', 9_000)).toBeUndefined();
    expect(await second.getExact('exact-only', 9_000)).toBeDefined();
    expect((await second.findSimilar('p1', unitVector(1), 0.99, 9_000))?.entry.key).toBe('kept');
    expect(await second.findSimilar('p1', unitVector(2), 0.99, 9_000)).toBeUndefined();
    expect(await second.deleteByCacheKey('team')).toBe(1);
    await second.close();

    const third = await open({ path, now: () => 9_000 });
    expect(await third.size()).toBe(1);
    await third.clear();
    await third.close();
    const fourth = await open({ path, now: () => 9_000 });
    expect(await fourth.size()).toBe(0);
  });

  it('writes changes in the background without waiting for close', async () => {
    const path = join(directory, 'cache.db');
    const first = await open({ path, flushDelayMs: 5 });
    await first.put(entry({ key: 'a' }));
    await first.put(entry({ key: 'b', requestId: 'gone' }));
    await first.deleteByRequestId('gone');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await open({ path });
    expect(await second.size()).toBe(1);
    expect(await second.getExact('a', 5_000)).toBeDefined();
  });

  it('loads the newest entries up to maxEntries, and keeps evictions and replacements on disk', async () => {
    const path = join(directory, 'cache.db');
    const first = await open({ path, maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await first.put(entry({ key }));
    await first.put(entry({ key: 'd', response: response('replaced') }));
    await first.close();
    const second = await open({ path, maxEntries: 2 });
    expect(await second.size()).toBe(2);
    expect((await second.getExact('d', 5_000))?.response.choices[0].message.content).toBe('replaced');
    expect(await second.getExact('c', 5_000)).toBeDefined();
    await second.close();
    const third = await open({ path, maxEntries: 10 });
    expect(await third.size()).toBe(2);
  });
});

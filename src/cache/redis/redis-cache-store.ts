import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import type { CacheEntry, SemanticMatch } from '../cache-entry.js';
import type { CacheStore } from '../cache-store.js';
import { type RedisCacheKeys, redisCacheKeys } from './redis-cache-keys.js';
import { getExactScript, putScript } from './redis-cache-scripts.js';
import { createRedisClient, firstConnection, type RedisConnectionSettings } from '../../redis/redis-connection.js';
import { decodeRedisEntry, encodeRedisEntry, vectorFromBuffer, vectorToBuffer } from './redis-entry-codec.js';
import { PartitionMirror } from './partition-mirror.js';
import { rateLimitedWarn } from '../../logging/rate-limited-warn.js';

/** What `openRedisCacheStore` needs (`vector_store.config` plus the logger). */
export interface RedisCacheStoreOptions extends RedisConnectionSettings {
  /** Prefix of every key the store writes (`key_prefix`); prefixes of different caches must not nest. */
  keyPrefix: string;
  logger: Logger;
  /**
   * Most entries a partition's stream keeps for semantic matching (default 10,000):
   * the stream is trimmed (approximately, `XADD MAXLEN ~`) to this many newest
   * entries, and each instance's mirror of it holds as many. Older entries of a
   * larger partition still answer exact lookups until they expire.
   */
  maxPartitionEntries?: number;
}

type ScriptedRedis = Redis & {
  cacheGetExact(exactKey: string, entryPrefix: string): Promise<string | null>;
  cachePut(numberOfKeys: number, ...keysThenArguments: Array<string | Buffer | number>): Promise<number>;
};

/** Candidates confirmed per round of a semantic lookup, and rounds when candidates turn out gone. */
const candidatesPerRound = 4;
const rounds = 3;
/** Quantized similarities may read this much low; candidates are confirmed on float vectors. */
const quantizationSlack = 0.05;
/** Stream items read per round trip when a mirror catches up. */
const readBatch = 1_000;
/** Partitions mirrored at once (the least recently searched is dropped, and read again when needed). */
const maxMirrors = 1_000;
/** `size()` stops after this many SCAN calls (1,000 keys each) and reports what it counted. */
const maxSizeScans = 1_000;

/**
 * The cache shared by every gateway instance through one Redis server (plain
 * Redis ≥ 6.2, no modules, not a cluster). Entries expire in Redis (`PX`, the
 * entry's TTL); exact lookups are one script call; semantic lookups read what was
 * appended to the partition's stream since this instance's last read into a local
 * mirror (`partition-mirror.ts`), search it, and confirm the best candidates with
 * one `MGET` (gone or expired ones leave the mirror). Key layout: `redis-cache-keys.ts`.
 *
 * While Redis is unreachable every call rejects at once (no offline queue) or
 * within the one-second command timeout; the client reconnects in the background.
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis' as const;
  /** Redis evicts by TTL (and by its own `maxmemory` policy), not by a bound of this store. */
  readonly evictions = 0;
  readonly #client: ScriptedRedis;
  readonly #keys: RedisCacheKeys;
  readonly #bound: number;
  readonly #mirrors = new Map<string, PartitionMirror>();

  constructor(client: Redis, options: RedisCacheStoreOptions) {
    this.#client = client as ScriptedRedis;
    this.#keys = redisCacheKeys(options.keyPrefix);
    this.#bound = options.maxPartitionEntries ?? 10_000;
    client.defineCommand('cacheGetExact', { numberOfKeys: 1, lua: getExactScript, readOnly: true });
    client.defineCommand('cachePut', { lua: putScript });
    const warn = rateLimitedWarn(options.logger);
    client.on('error', (error: Error) => warn({ err: error, store: 'redis' }, 'cache store: Redis unavailable; lookups miss and stores are skipped'));
  }

  async getExact(key: string, now: number): Promise<CacheEntry | undefined> {
    const text = await this.#client.cacheGetExact(this.#keys.exact(key), this.#keys.entry(''));
    const entry = text === null ? undefined : decodeRedisEntry(text);
    return entry !== undefined && entry.key === key && entry.expiresAt > now ? entry : undefined;
  }

  async findSimilar(partition: string, vector: Float32Array, threshold: number, now: number): Promise<SemanticMatch | undefined> {
    const mirror = this.#mirror(partition);
    await this.#read(mirror, partition, now);
    for (let round = 0; round < rounds; round++) {
      const candidates = mirror.candidates(vector, threshold - quantizationSlack, now, candidatesPerRound);
      if (candidates.length === 0) return undefined;
      const texts = await this.#client.mget(candidates.map(({ id }) => this.#keys.entry(id)));
      let best: SemanticMatch | undefined;
      let gone = false;
      texts.forEach((text, index) => {
        const entry = text === null ? undefined : decodeRedisEntry(text);
        if (entry === undefined || entry.embedding === null || entry.partition !== partition || entry.expiresAt <= now) {
          mirror.remove(candidates[index].id);
          gone = true;
          return;
        }
        const similarity = cosineSimilarity(vector, entry.embedding);
        if (similarity >= threshold && (best === undefined || similarity > best.similarity)) best = { entry, similarity };
      });
      if (best !== undefined || !gone) return best;
    }
    return undefined;
  }

  async put(entry: CacheEntry): Promise<void> {
    const ttl = Math.ceil(entry.expiresAt - entry.createdAt);
    if (!(ttl > 0)) return;
    const keys = this.#keys;
    const names = [keys.entry(entry.id), keys.exact(entry.key), keys.request(entry.requestId)];
    if (entry.cacheKey !== null) names.push(keys.cacheKey(entry.cacheKey));
    const vector = entry.embedding !== null && entry.embedding.length > 0 ? vectorToBuffer(entry.embedding) : '';
    if (vector !== '') names.push(keys.partition(entry.partition));
    await this.#client.cachePut(names.length, ...names, encodeRedisEntry(entry), entry.id, ttl, keys.entry(''), entry.cacheKey !== null ? '1' : '0', vector, entry.expiresAt, this.#bound);
  }

  deleteByRequestId(requestId: string): Promise<number> {
    return this.#deleteIndexed(this.#keys.request(requestId));
  }

  deleteByCacheKey(cacheKey: string): Promise<number> {
    return this.#deleteIndexed(this.#keys.cacheKey(cacheKey));
  }

  /** Deletes every key under the prefix (`SCAN` + `UNLINK`); resolves to how many entries there were. */
  async clear(): Promise<number> {
    const entryPrefix = this.#keys.entry('');
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, found] = await this.#client.scan(cursor, 'MATCH', this.#keys.pattern(), 'COUNT', 1_000);
      cursor = next;
      const entries = found.filter((key) => key.startsWith(entryPrefix));
      const others = found.filter((key) => !key.startsWith(entryPrefix));
      if (entries.length > 0) deleted += await this.#client.unlink(...entries);
      if (others.length > 0) await this.#client.unlink(...others);
    } while (cursor !== '0');
    this.#mirrors.clear();
    return deleted;
  }

  /** Entries under the prefix, counted with `SCAN` (at most 1,000 calls; a lower bound beyond ~1M keys). */
  async size(): Promise<number> {
    let count = 0;
    let cursor = '0';
    let calls = 0;
    do {
      const [next, found] = await this.#client.scan(cursor, 'MATCH', this.#keys.pattern('e'), 'COUNT', 1_000);
      cursor = next;
      count += found.length;
    } while (cursor !== '0' && ++calls < maxSizeScans);
    return count;
  }

  async close(): Promise<void> {
    this.#mirrors.clear();
    if (this.#client.status === 'end') return;
    try {
      await this.#client.quit();
    } catch {
      this.#client.disconnect();
    }
  }

  /** Deletes the entries whose ids a set holds, then the set; resolves to how many entries existed. */
  async #deleteIndexed(setKey: string): Promise<number> {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, ids] = await this.#client.sscan(setKey, cursor, 'COUNT', 500);
      cursor = next;
      if (ids.length === 0) continue;
      deleted += await this.#client.unlink(...ids.map((id) => this.#keys.entry(id)));
      for (const mirror of this.#mirrors.values()) for (const id of ids) mirror.remove(id);
    } while (cursor !== '0');
    await this.#client.unlink(setKey);
    return deleted;
  }

  #mirror(partition: string): PartitionMirror {
    let mirror = this.#mirrors.get(partition);
    if (mirror !== undefined) this.#mirrors.delete(partition);
    else mirror = new PartitionMirror(this.#bound);
    this.#mirrors.set(partition, mirror);
    if (this.#mirrors.size > maxMirrors) this.#mirrors.delete(this.#mirrors.keys().next().value!);
    return mirror;
  }

  /**
   * Brings a mirror up to date. One read per mirror at a time; a lookup arriving
   * during a read waits for the next one (which starts after it), so it sees every
   * entry stored before it began.
   */
  #read(mirror: PartitionMirror, partition: string, now: number): Promise<void> {
    if (mirror.reading === undefined) return this.#startRead(mirror, partition, now);
    const next = () => {
      mirror.queuedRead = undefined;
      return this.#startRead(mirror, partition, now);
    };
    mirror.queuedRead ??= mirror.reading.then(next, next);
    return mirror.queuedRead;
  }

  #startRead(mirror: PartitionMirror, partition: string, now: number): Promise<void> {
    const reading: Promise<void> = this.#pull(mirror, partition, now).finally(() => {
      if (mirror.reading === reading) mirror.reading = undefined;
    });
    mirror.reading = reading;
    return reading;
  }

  async #pull(mirror: PartitionMirror, partition: string, now: number): Promise<void> {
    const streamKey = this.#keys.partition(partition);
    for (;;) {
      const start = mirror.lastStreamId === undefined ? '-' : `(${mirror.lastStreamId}`;
      const items = await this.#client.xrangeBuffer(streamKey, start, '+', 'COUNT', readBatch);
      for (const [streamId, fields] of items) {
        mirror.lastStreamId = streamId.toString();
        const item = streamItem(fields);
        if (item !== undefined) mirror.add(item.id, item.expiresAt, item.vector, now);
      }
      if (items.length < readBatch) break;
    }
    mirror.dropExpiredOldest(now);
  }
}

/**
 * Opens a Redis cache store. Waits up to 1.5 s for the first connection; if Redis
 * is not reachable by then the store is returned anyway (calls reject until the
 * background reconnect succeeds) and a warning is logged. A malformed `addr` throws.
 */
export async function openRedisCacheStore(options: RedisCacheStoreOptions): Promise<RedisCacheStore> {
  const client = createRedisClient(options);
  const store = new RedisCacheStore(client, options);
  const failure = await firstConnection(client, 1_500);
  if (failure !== undefined) options.logger.warn({ err: failure, store: 'redis' }, 'cache store: Redis is not reachable yet; requests are served without the cache until it is');
  return store;
}

function streamItem(fields: Buffer[]): { id: string; expiresAt: number; vector: Float32Array } | undefined {
  let id: string | undefined;
  let expiresAt = Number.NaN;
  let vector: Float32Array | undefined;
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const name = fields[index].toString();
    if (name === 'id') id = fields[index + 1].toString();
    else if (name === 'exp') expiresAt = Number(fields[index + 1].toString());
    else if (name === 'v') vector = vectorFromBuffer(fields[index + 1]);
  }
  return id === undefined || vector === undefined || Number.isNaN(expiresAt) ? undefined : { id, expiresAt, vector };
}

function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return -1;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    dot += a[index] * b[index];
    normA += a[index] * a[index];
    normB += b[index] * b[index];
  }
  return normA === 0 || normB === 0 ? 0 : Math.min(1, dot / Math.sqrt(normA * normB));
}

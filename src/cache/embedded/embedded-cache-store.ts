import type { Logger } from '../../logging/logger.js';
import type { CacheEntry, SemanticMatch } from '../cache-entry.js';
import type { CacheStore } from '../cache-store.js';
import { rateLimitedWarn } from '../../logging/rate-limited-warn.js';
import { IndexingQueue } from './indexing-queue.js';
import { SqliteCacheFile, type CacheFileChange, type CacheRow } from './sqlite-cache-file.js';
import { toUnitVector } from './unit-vector.js';
import { defaultVectorPartitionOptions, VectorPartition, type VectorPartitionOptions } from './vector-partition.js';

/** What `openEmbeddedCacheStore` takes. */
export interface EmbeddedCacheStoreOptions {
  /** The SQLite file entries persist in; without it the store is memory only. */
  path?: string;
  /** Most entries kept; the least recently used (stored or served) are evicted beyond it. */
  maxEntries: number;
  logger: Logger;
  /** The clock (epoch ms) for expiry sweeps and loading; default `Date.now`. */
  now?: () => number;
  /** How often expired entries are swept out; default 60 s. */
  sweepIntervalMs?: number;
  /** How long changes wait to be written to the file together; default 25 ms. */
  flushDelayMs?: number;
  /** Vector search tuning; default `defaultVectorPartitionOptions`. */
  vectorSearch?: VectorPartitionOptions;
}

/** Most changes written in one transaction (~15 ms for 500 entries of 1536 dimensions), so a burst never blocks long. */
const writeBatchLimit = 500;

interface StoredEntry extends CacheRow {
  /** The entry's number in its partition's vector index. */
  label: number;
}
type EmbeddedEntry = StoredEntry & { embedding: Float32Array };

/**
 * Opens the embedded store: loads the entries of `path` not expired (newest first, up
 * to `maxEntries`) when there is a file, and starts building vector indexes for them
 * in the background (lookups search exactly until they are built).
 */
export async function openEmbeddedCacheStore(options: EmbeddedCacheStoreOptions): Promise<EmbeddedCacheStore> {
  return new EmbeddedCacheStore(options);
}

/**
 * The in-process cache store. Entries live in memory: a map by exact key in
 * least-recently-used order (bounded by `maxEntries`), indexes by id, request id and
 * cache key, and one `VectorPartition` per semantic partition and vector size. With a
 * file, every change is also written to SQLite in batches (one transaction per
 * `flushDelayMs`), so `put` never waits for the disk and the cache survives a restart.
 */
export class EmbeddedCacheStore implements CacheStore {
  readonly kind = 'embedded' as const;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #flushDelayMs: number;
  readonly #vectorSearch: VectorPartitionOptions;
  readonly #warn: (fields: Record<string, unknown>, message: string) => void;
  readonly #entries = new Map<string, StoredEntry>();
  readonly #byId = new Map<string, StoredEntry>();
  readonly #byRequestId = new Map<string, Set<StoredEntry>>();
  readonly #byCacheKey = new Map<string, Set<StoredEntry>>();
  readonly #partitions = new Map<string, VectorPartition<EmbeddedEntry>>();
  readonly #indexing = new IndexingQueue();
  readonly #file: SqliteCacheFile | undefined;
  #changes: CacheFileChange[] = [];
  #flushTimer: NodeJS.Timeout | undefined;
  readonly #sweepTimer: NodeJS.Timeout;
  #nextLabel = 0;
  #evictions = 0;
  #closed = false;

  /** Use `openEmbeddedCacheStore`. */
  constructor(options: EmbeddedCacheStoreOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) throw new Error('maxEntries must be a positive integer');
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
    this.#flushDelayMs = options.flushDelayMs ?? 25;
    this.#vectorSearch = options.vectorSearch ?? defaultVectorPartitionOptions;
    this.#warn = rateLimitedWarn(options.logger);
    if (options.path !== undefined) {
      this.#file = new SqliteCacheFile(options.path);
      let rows: CacheRow[];
      try {
        rows = this.#file.load(this.#now(), this.#maxEntries);
      } catch (error) {
        this.#file.close();
        throw error;
      }
      for (let i = rows.length - 1; i >= 0; i--) this.#insert(rows[i]);
    }
    this.#sweepTimer = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 60_000);
    this.#sweepTimer.unref();
  }

  get evictions(): number {
    return this.#evictions;
  }

  /** Whether every vector index is built (lookups meanwhile search exactly what is not indexed). */
  get indexingDone(): boolean {
    return this.#indexing.idle;
  }

  async getExact(key: string, now: number): Promise<CacheEntry | undefined> {
    const stored = this.#entries.get(key);
    if (stored === undefined) return undefined;
    if (stored.expiresAt <= now) {
      this.#remove(stored, true);
      return undefined;
    }
    this.#touch(stored);
    return toCacheEntry(stored);
  }

  async findSimilar(partition: string, vector: Float32Array, threshold: number, now: number): Promise<SemanticMatch | undefined> {
    const vectors = this.#partitions.get(partitionKey(partition, vector.length));
    if (vectors === undefined) return undefined;
    const { best, expired } = vectors.search(toUnitVector(vector), threshold, now);
    for (const stored of expired) this.#remove(stored, true);
    if (best === undefined) return undefined;
    this.#touch(best.member);
    return { entry: toCacheEntry(best.member), similarity: best.similarity };
  }

  async put(entry: CacheEntry): Promise<void> {
    if (this.#closed) throw new Error('the cache store is closed');
    const row: CacheRow = {
      id: entry.id,
      key: entry.key,
      partition: entry.partition,
      cacheKey: entry.cacheKey,
      requestId: entry.requestId,
      provider: entry.provider,
      model: entry.model,
      responseJson: JSON.stringify(entry.response),
      // A copy: the caller keeps its array.
      embedding: entry.embedding === null ? null : Float32Array.from(toUnitVector(entry.embedding)),
      createdAt: entry.createdAt,
      expiresAt: entry.expiresAt,
    };
    const stored = this.#insert(row);
    this.#change({ type: 'put', row });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.values().next().value!;
      if (oldest === stored) break;
      this.#remove(oldest, true);
      this.#evictions++;
    }
  }

  async deleteByRequestId(requestId: string): Promise<number> {
    return this.#removeAll(this.#byRequestId.get(requestId));
  }

  async deleteByCacheKey(cacheKey: string): Promise<number> {
    return this.#removeAll(this.#byCacheKey.get(cacheKey));
  }

  async clear(): Promise<number> {
    const count = this.#entries.size;
    this.#entries.clear();
    this.#byId.clear();
    this.#byRequestId.clear();
    this.#byCacheKey.clear();
    for (const vectors of this.#partitions.values()) vectors.clear();
    this.#partitions.clear();
    this.#indexing.stop();
    // Earlier changes are superseded.
    this.#changes = [];
    this.#change({ type: 'clear' });
    return count;
  }

  async size(): Promise<number> {
    return this.#entries.size;
  }

  /** Removes the entries expired at `now` (the sweep timer calls this). */
  sweep(now: number = this.#now()): number {
    let removed = 0;
    for (const stored of this.#entries.values()) {
      if (stored.expiresAt <= now) {
        this.#remove(stored, false);
        removed++;
      }
    }
    if (removed > 0) this.#change({ type: 'delete-expired', now });
    return removed;
  }

  /** Writes pending changes to the file now (they are otherwise written within `flushDelayMs`). */
  flush(): void {
    while (this.#changes.length > 0) this.#write(this.#changes.length);
  }

  /** Writes up to `limit` of the oldest pending changes in one transaction. */
  #write(limit: number): void {
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (this.#file === undefined || this.#changes.length === 0) return;
    const changes = this.#changes.length <= limit ? this.#changes : this.#changes.slice(0, limit);
    this.#changes = this.#changes.length <= limit ? [] : this.#changes.slice(limit);
    try {
      this.#file.apply(changes);
    } catch (error) {
      this.#warn({ err: error, changes: changes.length }, 'could not write cache entries to the cache file; they stay in memory only');
    }
    if (this.#changes.length > 0) this.#scheduleWrite();
  }

  #scheduleWrite(): void {
    if (this.#flushTimer !== undefined) return;
    this.#flushTimer = setTimeout(() => this.#write(writeBatchLimit), this.#flushDelayMs);
    this.#flushTimer.unref();
  }

  /** Builds every pending vector index now, blocking (benchmarks and tests). */
  finishIndexing(): void {
    this.#indexing.runAll();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#sweepTimer);
    this.#indexing.stop();
    this.flush();
    this.#file?.close();
  }

  #insert(row: CacheRow): StoredEntry {
    const previous = this.#entries.get(row.key) ?? this.#byId.get(row.id);
    if (previous !== undefined) this.#remove(previous, false);
    const stored: StoredEntry = { ...row, label: this.#nextLabel++ };
    this.#entries.set(stored.key, stored);
    this.#byId.set(stored.id, stored);
    addToSet(this.#byRequestId, stored.requestId, stored);
    if (stored.cacheKey !== null) addToSet(this.#byCacheKey, stored.cacheKey, stored);
    if (stored.embedding !== null && stored.embedding.length > 0) {
      const key = partitionKey(stored.partition, stored.embedding.length);
      let vectors = this.#partitions.get(key);
      if (vectors === undefined) {
        vectors = new VectorPartition<EmbeddedEntry>(stored.embedding.length, this.#indexing, this.#vectorSearch);
        this.#partitions.set(key, vectors);
      }
      vectors.add(stored as EmbeddedEntry);
    }
    return stored;
  }

  #remove(stored: StoredEntry, persist: boolean): void {
    if (this.#byId.get(stored.id) !== stored) return;
    this.#byId.delete(stored.id);
    if (this.#entries.get(stored.key) === stored) this.#entries.delete(stored.key);
    removeFromSet(this.#byRequestId, stored.requestId, stored);
    if (stored.cacheKey !== null) removeFromSet(this.#byCacheKey, stored.cacheKey, stored);
    if (stored.embedding !== null && stored.embedding.length > 0) {
      const key = partitionKey(stored.partition, stored.embedding.length);
      const vectors = this.#partitions.get(key);
      vectors?.remove(stored as EmbeddedEntry);
      if (vectors !== undefined && vectors.size === 0) {
        vectors.clear();
        this.#partitions.delete(key);
      }
    }
    if (persist) this.#change({ type: 'delete', id: stored.id });
  }

  #removeAll(entries: Set<StoredEntry> | undefined): number {
    if (entries === undefined) return 0;
    const all = [...entries];
    for (const stored of all) this.#remove(stored, true);
    return all.length;
  }

  /** Marks `stored` as the most recently used. */
  #touch(stored: StoredEntry): void {
    this.#entries.delete(stored.key);
    this.#entries.set(stored.key, stored);
  }

  #change(change: CacheFileChange): void {
    if (this.#file === undefined) return;
    this.#changes.push(change);
    this.#scheduleWrite();
  }
}

function partitionKey(partition: string, dimensions: number): string {
  return `${dimensions}:${partition}`;
}

function toCacheEntry(stored: StoredEntry): CacheEntry {
  return {
    id: stored.id,
    key: stored.key,
    partition: stored.partition,
    cacheKey: stored.cacheKey,
    requestId: stored.requestId,
    provider: stored.provider,
    model: stored.model,
    // Parsed per lookup: every caller gets its own response object to change.
    response: JSON.parse(stored.responseJson) as CacheEntry['response'],
    embedding: stored.embedding,
    createdAt: stored.createdAt,
    expiresAt: stored.expiresAt,
  };
}

function addToSet<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFromSet<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

import type { CacheEntry, SemanticMatch } from '../../../src/cache/cache-entry.js';
import type { CacheStore } from '../../../src/cache/cache-store.js';

/**
 * A minimal in-memory `CacheStore` for tests: a map by exact key, brute-force
 * cosine search per partition, no size bound. Set `failing` to make every call
 * reject (a store that is down); `puts` counts stored entries.
 */
export class MemoryCacheStore implements CacheStore {
  readonly kind = 'embedded' as const;
  readonly evictions = 0;
  readonly entries = new Map<string, CacheEntry>();
  failing = false;
  puts = 0;

  async getExact(key: string, now: number): Promise<CacheEntry | undefined> {
    this.#check();
    const entry = this.entries.get(key);
    return entry !== undefined && entry.expiresAt > now ? entry : undefined;
  }

  async findSimilar(partition: string, vector: Float32Array, threshold: number, now: number): Promise<SemanticMatch | undefined> {
    this.#check();
    let best: SemanticMatch | undefined;
    for (const entry of this.entries.values()) {
      if (entry.partition !== partition || entry.embedding === null || entry.expiresAt <= now) continue;
      const similarity = dot(entry.embedding, vector);
      if (similarity >= threshold && (best === undefined || similarity > best.similarity)) best = { entry, similarity };
    }
    return best;
  }

  async put(entry: CacheEntry): Promise<void> {
    this.#check();
    this.entries.set(entry.key, entry);
    this.puts++;
  }

  async deleteByRequestId(requestId: string): Promise<number> {
    return this.#deleteWhere((entry) => entry.requestId === requestId);
  }

  async deleteByCacheKey(cacheKey: string): Promise<number> {
    return this.#deleteWhere((entry) => entry.cacheKey === cacheKey);
  }

  async clear(): Promise<number> {
    return this.#deleteWhere(() => true);
  }

  async size(): Promise<number> {
    return this.entries.size;
  }

  async close(): Promise<void> {}

  #deleteWhere(matches: (entry: CacheEntry) => boolean): number {
    this.#check();
    let deleted = 0;
    for (const [key, entry] of this.entries) {
      if (matches(entry)) {
        this.entries.delete(key);
        deleted++;
      }
    }
    return deleted;
  }

  #check(): void {
    if (this.failing) throw new Error('cache store unavailable');
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return -1;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

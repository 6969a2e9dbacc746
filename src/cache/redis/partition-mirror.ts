import { exactSearch, MetricKind } from 'usearch';

/** An entry a mirror search found, with its approximate (quantized) similarity. */
export interface MirrorCandidate {
  id: string;
  similarity: number;
}

/**
 * One instance's local copy of a partition's stream (`<prefix>p:<partition>`):
 * entry ids, expiry times and vectors, searched in process. Vectors are held as
 * int8, each scaled so its largest component is 127 (cosine does not see the
 * scale), and searched exhaustively with usearch's native `exactSearch`: measured
 * here at 10,000 x 1536 dims, 1.2 ms per search and recall 1.0, with no index to
 * build (building an HNSW index cost ~1 ms per vector on this machine, too slow
 * for an instance that joins and reads a full stream). Candidates are approximate:
 * the store confirms them against the stored entry and its float embedding.
 *
 * Holds at most `bound` entries; adding beyond that drops the oldest.
 */
export class PartitionMirror {
  /** The id of the last stream item read (reads continue after it). */
  lastStreamId: string | undefined;
  /** The read under way, and the one queued behind it (see `RedisCacheStore`). */
  reading: Promise<void> | undefined;
  queuedRead: Promise<void> | undefined;
  readonly #bound: number;
  #dimensions = 0;
  #rows = new Int8Array(0);
  #ids: string[] = [];
  #expiresAt: number[] = [];
  /** id -> row, in insertion order (the first key is the oldest entry). */
  readonly #rowOf = new Map<string, number>();

  constructor(bound: number) {
    this.#bound = bound;
  }

  get size(): number {
    return this.#ids.length;
  }

  has(id: string): boolean {
    return this.#rowOf.has(id);
  }

  /** Adds an entry (ignored when already held, expired, or of other dimensions than the first vector held). */
  add(id: string, expiresAt: number, vector: Float32Array, now: number): void {
    if (this.#rowOf.has(id) || expiresAt <= now || vector.length === 0) return;
    if (this.size === 0) this.#dimensions = vector.length;
    if (vector.length !== this.#dimensions) return;
    while (this.size >= this.#bound) this.remove(this.#rowOf.keys().next().value!);
    const row = this.size;
    if ((row + 1) * this.#dimensions > this.#rows.length) {
      const grown = new Int8Array(Math.max(16, row * 2) * this.#dimensions);
      grown.set(this.#rows.subarray(0, row * this.#dimensions));
      this.#rows = grown;
    }
    quantizeInto(vector, this.#rows, row * this.#dimensions);
    this.#ids.push(id);
    this.#expiresAt.push(expiresAt);
    this.#rowOf.set(id, row);
  }

  /** Removes an entry (the last row moves into its place). */
  remove(id: string): void {
    const row = this.#rowOf.get(id);
    if (row === undefined) return;
    this.#rowOf.delete(id);
    const last = this.size - 1;
    if (row !== last) {
      const width = this.#dimensions;
      this.#rows.copyWithin(row * width, last * width, (last + 1) * width);
      this.#ids[row] = this.#ids[last];
      this.#expiresAt[row] = this.#expiresAt[last];
      this.#rowOf.set(this.#ids[row], row);
    }
    this.#ids.pop();
    this.#expiresAt.pop();
  }

  /** Drops expired entries from the oldest end (a later entry may expire earlier; searches drop those). */
  dropExpiredOldest(now: number): void {
    for (const [id, row] of this.#rowOf) {
      if (this.#expiresAt[row] > now) return;
      this.remove(id);
    }
  }

  /**
   * Up to `limit` unexpired entries most similar to `vector`, best first, whose
   * approximate similarity is at least `minimum`. Expired entries met are dropped.
   */
  candidates(vector: Float32Array, minimum: number, now: number, limit: number): MirrorCandidate[] {
    if (this.size === 0 || vector.length !== this.#dimensions) return [];
    // usearch reads a query from the start of its buffer (it ignores byteOffset): always a fresh array.
    const query = new Int8Array(this.#dimensions);
    quantizeInto(vector, query, 0);
    const found = exactSearch(this.#rows.subarray(0, this.size * this.#dimensions), query, this.#dimensions, Math.min(this.size, limit * 4), MetricKind.Cos, 1);
    const candidates: MirrorCandidate[] = [];
    const expired: string[] = [];
    for (let index = 0; index < found.keys.length && candidates.length < limit; index++) {
      const similarity = 1 - found.distances[index];
      if (similarity < minimum) break;
      const row = Number(found.keys[index]);
      if (this.#expiresAt[row] <= now) expired.push(this.#ids[row]);
      else candidates.push({ id: this.#ids[row], similarity });
    }
    for (const id of expired) this.remove(id);
    return candidates;
  }
}

function quantizeInto(vector: Float32Array, target: Int8Array, offset: number): void {
  let largest = 0;
  for (let index = 0; index < vector.length; index++) largest = Math.max(largest, Math.abs(vector[index]));
  const scale = largest === 0 ? 0 : 127 / largest;
  for (let index = 0; index < vector.length; index++) target[offset + index] = Math.round(vector[index] * scale);
}

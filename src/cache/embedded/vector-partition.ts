import { Index, MetricKind, ScalarKind } from 'usearch';
import type { IndexingQueue, IndexingWork } from './indexing-queue.js';
import { dotProduct } from './unit-vector.js';

/** What a partition holds: an entry's number, its unit vector and when it expires. */
export interface PartitionMember {
  readonly label: number;
  readonly embedding: Float32Array;
  readonly expiresAt: number;
}

/** A partition's most similar live member, its cosine similarity, and the expired members the search met. */
export interface PartitionSearch<T> {
  best: { member: T; similarity: number } | undefined;
  expired: T[];
}

/** Tuning of a partition's search (measured in `bench/cache-lookup.mjs` and docs/caching.md). */
export interface VectorPartitionOptions {
  /** Up to this many members, lookups compare every vector (exact, and faster than the index there). */
  exactSearchUpTo: number;
}

export const defaultVectorPartitionOptions: VectorPartitionOptions = { exactSearchUpTo: 384 };

/** Candidates asked of the index per search (more when they are all deleted or expired). */
const candidates = 16;

/**
 * The vectors of one semantic partition (entries of the same dimensions that may
 * answer each other). Small partitions are searched exactly; past
 * `exactSearchUpTo` members an HNSW index (usearch, int8-quantized cosine) is
 * built in the background and finds candidates, which are then re-scored exactly
 * on their float32 vectors, so a reported similarity is never an approximation.
 *
 * Deleting from a usearch HNSW graph degrades its recall (measured: 81% self-recall
 * after 4 rounds of churn), so deleted members stay in the index as dead labels that
 * searches skip, and the index is rebuilt (in the background, the old one serving
 * meanwhile) once dead labels outnumber live ones.
 */
export class VectorPartition<T extends PartitionMember> implements IndexingWork {
  readonly #dimensions: number;
  readonly #queue: IndexingQueue;
  readonly #options: VectorPartitionOptions;
  readonly #members = new Map<number, T>();
  #index: Index | undefined;
  /** Labels in `#index`, live or dead. */
  #indexed = new Set<number>();
  #dead = 0;
  /** Live labels not in `#index` yet (searched exactly). */
  #pending = new Set<number>();
  #build: { index: Index; labels: number[]; position: number; added: Set<number> } | undefined;

  constructor(dimensions: number, queue: IndexingQueue, options: VectorPartitionOptions = defaultVectorPartitionOptions) {
    this.#dimensions = dimensions;
    this.#queue = queue;
    this.#options = options;
  }

  /** Live members (expired ones not yet removed included). */
  get size(): number {
    return this.#members.size;
  }

  /** Whether lookups go through the HNSW index (with nothing left to add to it). */
  get indexed(): boolean {
    return this.#index !== undefined && this.#build === undefined && this.#pending.size === 0;
  }

  add(member: T): void {
    if (member.embedding.length !== this.#dimensions) throw new Error(`a ${member.embedding.length}-dimension vector in a ${this.#dimensions}-dimension partition`);
    this.#members.set(member.label, member);
    if (this.#index !== undefined || this.#build !== undefined) {
      this.#pending.add(member.label);
      this.#queue.schedule(this);
    } else if (this.#members.size > this.#options.exactSearchUpTo) {
      this.#startBuild();
    }
  }

  remove(member: T): void {
    if (this.#members.get(member.label) !== member) return;
    this.#members.delete(member.label);
    if (!this.#pending.delete(member.label) && this.#indexed.has(member.label)) this.#dead++;
    if (this.#members.size <= this.#options.exactSearchUpTo / 4) {
      if (this.#index !== undefined || this.#build !== undefined) this.#dropIndex();
    } else if (this.#build === undefined && this.#dead > Math.max(this.#indexed.size - this.#dead, 256)) {
      this.#startBuild();
    }
  }

  /** Drops everything (the partition is gone). */
  clear(): void {
    this.#members.clear();
    this.#dropIndex();
  }

  /** The live member most similar to `query` (unit length) with a similarity of at least `threshold`. */
  search(query: Float32Array, threshold: number, now: number): PartitionSearch<T> {
    const result: PartitionSearch<T> = { best: undefined, expired: [] };
    const consider = (member: T): boolean => {
      if (member.expiresAt <= now) {
        result.expired.push(member);
        return false;
      }
      const similarity = Math.min(1, dotProduct(query, member.embedding));
      if (similarity >= threshold && (result.best === undefined || similarity > result.best.similarity)) result.best = { member, similarity };
      return true;
    };
    if (this.#index === undefined) {
      for (const member of this.#members.values()) consider(member);
      return result;
    }
    for (const label of this.#pending) consider(this.#members.get(label)!);
    const index = this.#index;
    for (let k = candidates; ; k *= 4) {
      const count = Math.min(k, index.size());
      if (count === 0) break;
      const matches = index.search(query, count, 1);
      let live = false;
      for (const key of matches.keys) {
        const member = this.#members.get(Number(key));
        if (member !== undefined && consider(member)) live = true;
      }
      if (live || count >= index.size()) break;
    }
    return result;
  }

  work(deadline: number): boolean {
    const build = this.#build;
    if (build !== undefined) {
      while (build.position < build.labels.length) {
        const label = build.labels[build.position++];
        const member = this.#members.get(label);
        if (member !== undefined) {
          build.index.add(BigInt(label), member.embedding);
          build.added.add(label);
        }
        if (performance.now() >= deadline) return true;
      }
      this.#index = build.index;
      this.#indexed = build.added;
      this.#build = undefined;
      this.#dead = 0;
      for (const label of build.added) if (!this.#members.has(label)) this.#dead++;
      for (const label of this.#pending) if (build.added.has(label)) this.#pending.delete(label);
    }
    const index = this.#index;
    if (index === undefined) return false;
    for (const label of this.#pending) {
      index.add(BigInt(label), this.#members.get(label)!.embedding);
      this.#indexed.add(label);
      this.#pending.delete(label);
      if (performance.now() >= deadline) break;
    }
    return this.#pending.size > 0;
  }

  #startBuild(): void {
    this.#build = { index: this.#newIndex(), labels: [...this.#members.keys()], position: 0, added: new Set() };
    // Labels of the snapshot are built into the new index; only later ones stay pending.
    if (this.#index === undefined) this.#pending.clear();
    this.#queue.schedule(this);
  }

  #dropIndex(): void {
    this.#queue.cancel(this);
    this.#index = undefined;
    this.#build = undefined;
    this.#indexed = new Set();
    this.#pending.clear();
    this.#dead = 0;
  }

  #newIndex(): Index {
    // int8 cosine: measured on 10k x 1536 unit vectors, 0.3 ms per add and 0.6 ms per search at
    // recall 1.0 (with expansion_search 128; f16 and f32 were 2.5x and 5x slower for no better recall).
    return new Index({ dimensions: this.#dimensions, metric: MetricKind.Cos, quantization: ScalarKind.I8, connectivity: 16, expansion_add: 128, expansion_search: 128, multi: false });
  }
}

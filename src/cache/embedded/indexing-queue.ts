/** Something with index building to do in small steps. */
export interface IndexingWork {
  /** Does some work, stopping soon after `deadline` (a `performance.now()` time); returns whether work is left. */
  work(deadline: number): boolean;
}

/** Longest stretch of index building between two turns of the event loop. */
const sliceMs = 4;

/**
 * Runs index building in slices of a few milliseconds between turns of the event
 * loop (`setImmediate`), so that building a large vector index (a partition growing
 * past the exact-search size, a rebuild, loading from disk) never blocks requests
 * for long. Lookups meanwhile use exact search over what is not indexed yet.
 */
export class IndexingQueue {
  readonly #pending = new Set<IndexingWork>();
  #scheduled: NodeJS.Immediate | undefined;

  /** Asks for `work` to run until it reports nothing left. */
  schedule(work: IndexingWork): void {
    this.#pending.add(work);
    if (this.#scheduled === undefined) this.#scheduled = setImmediate(() => this.#run());
  }

  /** Drops `work` (its partition is gone). */
  cancel(work: IndexingWork): void {
    this.#pending.delete(work);
  }

  /** Whether any work is left. */
  get idle(): boolean {
    return this.#pending.size === 0;
  }

  /** Runs everything now (tests, benchmarks). */
  runAll(): void {
    for (const work of this.#pending) {
      while (work.work(Infinity));
      this.#pending.delete(work);
    }
  }

  /** Stops; pending work is dropped. */
  stop(): void {
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    this.#pending.clear();
  }

  #run(): void {
    this.#scheduled = undefined;
    const deadline = performance.now() + sliceMs;
    for (const work of this.#pending) {
      if (!work.work(deadline)) this.#pending.delete(work);
      if (performance.now() >= deadline) break;
    }
    if (this.#pending.size > 0) this.#scheduled = setImmediate(() => this.#run());
  }
}

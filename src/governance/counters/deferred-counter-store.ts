import type { ConsumeResult, CounterStore, WindowLimit } from './counter-store.js';

/**
 * A counter store still opening (a Redis client making its first connection): calls
 * wait for it, so the first requests after start are counted, not let through as
 * failures. If it could not open, every call rejects and the failure mode applies.
 */
export class DeferredCounterStore implements CounterStore {
  readonly kind: CounterStore['kind'];
  readonly #opening: Promise<CounterStore>;

  constructor(kind: CounterStore['kind'], opening: Promise<CounterStore>) {
    this.kind = kind;
    this.#opening = opening;
    opening.catch(() => undefined); // reported by the calls that need it
  }

  consume(limits: readonly WindowLimit[], amount: number, now: number): Promise<ConsumeResult> {
    return this.#opening.then((store) => store.consume(limits, amount, now));
  }

  check(limits: readonly WindowLimit[], now: number): Promise<ConsumeResult> {
    return this.#opening.then((store) => store.check(limits, now));
  }

  add(limits: readonly WindowLimit[], amount: number, now: number): Promise<void> {
    return this.#opening.then((store) => store.add(limits, amount, now));
  }

  read(limits: readonly WindowLimit[], now: number): Promise<number[]> {
    return this.#opening.then((store) => store.read(limits, now));
  }

  close(): Promise<void> {
    return this.#opening.then((store) => store.close(), () => undefined);
  }
}

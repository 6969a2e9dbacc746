import type { CancelSignal } from '../api/cancel-signal.js';
import { errors } from '../errors/index.js';

/** How one provider's limiter bounds its traffic: `concurrency_and_buffer_size` and `client.drop_excess_requests`. */
export interface LimiterSettings {
  /** Upstream requests in flight at once. */
  concurrency: number;
  /** Requests that may wait for a slot; with `dropExcess`, a request beyond them is refused. */
  bufferSize: number;
  /** Refuse a request that finds `bufferSize` waiting (`provider_queue_full`, 429) instead of queueing it too. */
  dropExcess: boolean;
  /** The longest wait for a slot, in milliseconds (the provider's request timeout); then `provider_queue_timeout`. */
  maxWaitMs: number;
}

/** A request waiting for a slot: an entry of a doubly linked list, so that one leaving is unlinked in O(1). */
interface Waiter {
  readonly deadline: number;
  readonly grant: () => void;
  readonly fail: (error: unknown) => void;
  readonly signal: CancelSignal | undefined;
  readonly onAbort: (() => void) | undefined;
  previous: Waiter | undefined;
  next: Waiter | undefined;
}

/**
 * Bounds the upstream requests in flight for one provider (`concurrency`). A request
 * that finds every slot taken waits in a first-in, first-out queue until a slot is
 * given back, its caller goes away (`request_cancelled`), or it has waited
 * `maxWaitMs` (`provider_queue_timeout`). With `dropExcess`, a request that finds
 * `bufferSize` already waiting is refused at once (`provider_queue_full`); without
 * it the queue has no bound but the wait.
 *
 * Every waiter of one limiter waits at most the same time, so deadlines come in
 * queue order and one timer, armed for the oldest waiter, serves the whole queue.
 */
export class ConcurrencyLimiter {
  readonly #provider: string;
  readonly #limit: number;
  readonly #queueBound: number;
  readonly #maxWaitMs: number;
  #active = 0;
  #queued = 0;
  #head: Waiter | undefined = undefined;
  #tail: Waiter | undefined = undefined;
  #timer: NodeJS.Timeout | undefined = undefined;

  constructor(provider: string, settings: LimiterSettings) {
    this.#provider = provider;
    this.#limit = settings.concurrency;
    this.#queueBound = settings.dropExcess ? settings.bufferSize : Number.POSITIVE_INFINITY;
    this.#maxWaitMs = settings.maxWaitMs;
  }

  /** Slots taken. */
  get active(): number {
    return this.#active;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.#queued;
  }

  /** Takes a slot; resolves when one is free. Returns `undefined` (no promise) when a slot was free at once. */
  acquire(signal?: CancelSignal): Promise<void> | undefined {
    if (this.#active < this.#limit) {
      this.#active++;
      return undefined;
    }
    // an 'abort' listener added to an already-aborted signal never fires: the request would wait for nothing
    if (signal?.aborted) return Promise.reject(errors.requestCancelled());
    if (this.#queued >= this.#queueBound) return Promise.reject(errors.providerQueueFull(this.#provider));
    return new Promise<void>((grant, fail) => {
      const onAbort = signal
        ? () => {
            this.#unlink(waiter);
            fail(errors.requestCancelled());
          }
        : undefined;
      const waiter: Waiter = { deadline: performance.now() + this.#maxWaitMs, grant, fail, signal, onAbort, previous: this.#tail, next: undefined };
      if (onAbort) signal!.addEventListener('abort', onAbort, { once: true });
      if (this.#tail) this.#tail.next = waiter;
      else this.#head = waiter;
      this.#tail = waiter;
      this.#queued++;
      if (!this.#timer) this.#arm();
    });
  }

  /** Gives a slot back: to the oldest waiter, or to the pool. */
  release(): void {
    const next = this.#head;
    if (!next) {
      this.#active--;
      return;
    }
    this.#leave(next);
    next.grant();
  }

  /** Unlinks a waiter and stops listening to its caller. */
  #leave(waiter: Waiter): void {
    this.#unlink(waiter);
    if (waiter.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
  }

  #unlink(waiter: Waiter): void {
    if (waiter.previous) waiter.previous.next = waiter.next;
    else this.#head = waiter.next;
    if (waiter.next) waiter.next.previous = waiter.previous;
    else this.#tail = waiter.previous;
    waiter.previous = waiter.next = undefined;
    this.#queued--;
  }

  /** Sets the timer for the oldest waiter's deadline (it may have left by then: `#expire` looks again). */
  #arm(): void {
    const head = this.#head;
    if (!head) return;
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, head.deadline - performance.now()));
    this.#timer.unref();
  }

  /** Fails every waiter whose wait is over, then waits for the next deadline. */
  #expire(): void {
    this.#timer = undefined;
    const now = performance.now();
    const seconds = this.#maxWaitMs / 1000;
    for (let head = this.#head; head && head.deadline <= now; head = this.#head) {
      this.#leave(head);
      head.fail(errors.providerQueueTimeout(this.#provider, seconds));
    }
    this.#arm();
  }
}

import type { CancelSignal } from '../api/cancel-signal.js';
import { errors } from '../errors/index.js';

/**
 * Bounds the upstream requests in flight for one provider (`concurrency`) and the
 * requests waiting for a slot (`buffer_size`); a request beyond both is refused
 * at once with `provider_queue_full`.
 */
export class ConcurrencyLimiter {
  readonly #limit: number;
  readonly #queueSize: number;
  readonly #provider: string;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(provider: string, limit: number, queueSize: number) {
    this.#provider = provider;
    this.#limit = limit;
    this.#queueSize = queueSize;
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** Takes a slot; resolves when one is free. Returns `undefined` (no promise) when a slot was free at once. */
  acquire(signal?: CancelSignal): Promise<void> | undefined {
    if (this.#active < this.#limit) {
      this.#active++;
      return undefined;
    }
    // an 'abort' listener added to an already-aborted signal never fires: the request would wait for nothing
    if (signal?.aborted) return Promise.reject(errors.requestCancelled());
    if (this.#waiting.length >= this.#queueSize) return Promise.reject(errors.providerQueueFull(this.#provider));
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(grant);
        if (index !== -1) this.#waiting.splice(index, 1);
        reject(errors.requestCancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(grant);
    });
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#active--;
  }
}

import { performance } from 'node:perf_hooks';
import type { CancelSignal } from '../api/cancel-signal.js';
import { errors, type GatewayError } from '../errors/index.js';
import { LinkedCancellation } from './linked-cancellation.js';
import { closeQuietly, type StartedStream } from './start-stream.js';

/** A provider's stream timeouts in milliseconds (`network_config`); each is off when `undefined`. */
export interface StreamTimeouts {
  /** From the attempt's start to the stream's first item. */
  readonly firstChunkMs: number | undefined;
  /** Longest silence of a stream that began, while the gateway waits for its next item. */
  readonly idleMs: number | undefined;
}

/** The stream timeouts a `network_config` sets, or `undefined` when it sets none. */
export function streamTimeoutsOf(network: { stream_first_chunk_timeout_in_seconds?: number; stream_idle_timeout_in_seconds?: number }): StreamTimeouts | undefined {
  const first = network.stream_first_chunk_timeout_in_seconds;
  const idle = network.stream_idle_timeout_in_seconds;
  if (first === undefined && idle === undefined) return undefined;
  return Object.freeze({ firstChunkMs: first === undefined ? undefined : first * 1000, idleMs: idle === undefined ? undefined : idle * 1000 });
}

/**
 * One stream attempt under a provider's stream timeouts. `start` opens the stream
 * with a signal of the attempt's own and resolves once its first item arrived.
 * With no first item within `firstChunkMs`, that signal is aborted (cutting the
 * upstream request) and the attempt fails with `upstream_timeout` (class
 * `timeout`: retried, then the next target). With `idleMs`, a stream that began
 * is watched by one timer (see `IdleWatch`).
 */
export function startWithTimeouts<R>(start: (signal: CancelSignal) => Promise<R>, parent: CancelSignal | undefined, timeouts: StreamTimeouts, provider: string): Promise<R> {
  const signal = new LinkedCancellation(parent);
  let pending: Promise<R>;
  try {
    pending = start(signal);
  } catch (error) {
    pending = Promise.reject(error);
  }
  const { firstChunkMs, idleMs } = timeouts;
  const began = (result: R): R => (idleMs === undefined ? result : watchIdle(result, signal, idleMs, provider));
  if (firstChunkMs === undefined) {
    return pending.then(began, (error: unknown) => {
      signal.unlink();
      throw error;
    });
  }
  return new Promise<R>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      const failure = errors.streamTimeout(provider, firstChunkMs / 1000, 'first-chunk');
      signal.abort(failure);
      signal.unlink();
      reject(failure);
    }, firstChunkMs);
    pending.then(
      (result) => {
        if (timedOut) return discard(result);
        clearTimeout(timer);
        resolve(began(result));
      },
      (error: unknown) => {
        if (timedOut) return;
        clearTimeout(timer);
        signal.unlink();
        reject(error);
      },
    );
  });
}

/** Closes a stream that arrived after its attempt was given up. */
function discard(result: unknown): void {
  if (isStartedStream(result)) void closeQuietly(result.iterator);
}

function isStartedStream(value: unknown): value is StartedStream<unknown> {
  return typeof value === 'object' && value !== null && 'iterator' in value && 'first' in value;
}

function watchIdle<R>(result: R, signal: LinkedCancellation, idleMs: number, provider: string): R {
  if (!isStartedStream(result) || result.first.done) {
    signal.unlink();
    return result;
  }
  result.iterator = new IdleWatch(result.iterator, signal, idleMs, provider);
  return result;
}

/**
 * A stream's iterator that ends a stream silent for `idleMs` while the gateway
 * waits for its next item: the upstream request is cancelled and the pending
 * read fails with `upstream_timeout`. One timer per stream, re-armed once per
 * idle period against the time the wait began, never per item; a caller that
 * reads slowly is not counted as silence.
 */
class IdleWatch<T> implements AsyncIterator<T> {
  readonly #inner: AsyncIterator<T>;
  readonly #signal: LinkedCancellation;
  readonly #idleMs: number;
  readonly #provider: string;
  #timer: NodeJS.Timeout;
  #waiting = false;
  #waitingSince = 0;
  #over = false;
  #failure: GatewayError | undefined;

  constructor(inner: AsyncIterator<T>, signal: LinkedCancellation, idleMs: number, provider: string) {
    this.#inner = inner;
    this.#signal = signal;
    this.#idleMs = idleMs;
    this.#provider = provider;
    this.#timer = setTimeout(this.#check, idleMs);
  }

  next(): Promise<IteratorResult<T>> {
    this.#waiting = true;
    this.#waitingSince = performance.now();
    return this.#inner.next().then(this.#received, this.#failed);
  }

  return(value?: unknown): Promise<IteratorResult<T>> {
    this.#end();
    return this.#inner.return ? this.#inner.return(value) : Promise.resolve({ done: true, value: undefined });
  }

  readonly #received = (result: IteratorResult<T>): IteratorResult<T> => {
    this.#waiting = false;
    if (result.done) this.#end();
    return result;
  };

  readonly #failed = (error: unknown): never => {
    this.#end();
    // An adapter may report the abort as a cancellation; the stream ended for silence.
    throw this.#failure ?? error;
  };

  readonly #check = (): void => {
    if (this.#over) return;
    const silentMs = this.#waiting ? performance.now() - this.#waitingSince : 0;
    if (silentMs >= this.#idleMs) {
      this.#failure = errors.streamTimeout(this.#provider, this.#idleMs / 1000, 'idle');
      this.#signal.abort(this.#failure);
      return;
    }
    this.#timer = setTimeout(this.#check, this.#idleMs - silentMs);
  };

  #end(): void {
    if (this.#over) return;
    this.#over = true;
    clearTimeout(this.#timer);
    this.#signal.unlink();
  }
}

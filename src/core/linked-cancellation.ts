import type { CancelSignal } from '../api/cancel-signal.js';
import { Cancellation } from './cancellation.js';

/**
 * A cancel signal of its own for one part of a request (one attempt, one hedged
 * branch) that also aborts when the request's signal does. Aborting it cuts only
 * that part's upstream request; `unlink` drops the listener on the parent once
 * the part is over. Aborted with a `GatewayError` as reason, an adapter's pending
 * read fails with that error (see `toTransportError`).
 */
export class LinkedCancellation extends Cancellation {
  readonly #parent: CancelSignal | undefined;
  readonly #onParentAbort: (() => void) | undefined;

  constructor(parent: CancelSignal | undefined) {
    super();
    this.#parent = parent;
    if (parent === undefined) return;
    if (parent.aborted) {
      this.abort(parent.reason);
      return;
    }
    this.#onParentAbort = () => this.abort(parent.reason);
    parent.addEventListener('abort', this.#onParentAbort);
  }

  /** Stops following the parent (idempotent). */
  unlink(): void {
    if (this.#onParentAbort !== undefined) this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }
}

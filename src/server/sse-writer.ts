import type { ServerResponse } from 'node:http';
import { drained } from './write-raw.js';

/**
 * Writes server-sent events. Events produced in the same tick are joined and go
 * out as one chunk of the response (one socket write, one chunked-encoding
 * frame), and a slow reader pauses the stream (`drain`) instead of growing the buffer.
 */
export class SseWriter {
  readonly #res: ServerResponse;
  #pending = '';
  #scheduled = false;
  #drained: Promise<void> | undefined;
  readonly #flush = () => {
    this.#scheduled = false;
    const text = this.#pending;
    this.#pending = '';
    if (text === '' || this.closed) return;
    if (!this.#res.write(text)) {
      this.#drained = drained(this.#res).then(() => {
        this.#drained = undefined;
      });
    }
  };

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  /** Whether the client is gone. */
  get closed(): boolean {
    return this.#res.destroyed || this.#res.writableEnded;
  }

  /** Queues text for this tick's write; returns a promise while the client is not reading fast enough. */
  write(text: string): Promise<void> | undefined {
    if (text !== '' && !this.closed) {
      this.#pending += text;
      if (!this.#scheduled) {
        this.#scheduled = true;
        process.nextTick(this.#flush);
      }
    }
    return this.#drained;
  }

  /** Writes what is queued and `text`, and ends the response. */
  end(text = ''): void {
    if (this.closed) return;
    const rest = this.#pending + text;
    this.#pending = '';
    this.#res.end(rest === '' ? undefined : rest);
  }
}

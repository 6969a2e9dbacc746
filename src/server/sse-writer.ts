import type { ServerResponse } from 'node:http';

/**
 * Writes server-sent events. Events produced in the same tick go out in one
 * socket write (the response is corked until the next tick), and a slow reader
 * pauses the stream (`drain`) instead of growing the buffer.
 */
export class SseWriter {
  readonly #res: ServerResponse;
  #corked = false;
  readonly #uncork = () => {
    this.#corked = false;
    this.#res.uncork();
  };

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  /** Whether the client is gone. */
  get closed(): boolean {
    return this.#res.destroyed || this.#res.writableEnded;
  }

  /** Writes text; resolves at once, or when the client has read enough to take more. */
  write(text: string): Promise<void> | undefined {
    if (text === '' || this.closed) return undefined;
    if (!this.#corked) {
      this.#corked = true;
      this.#res.cork();
      process.nextTick(this.#uncork);
    }
    if (this.#res.write(text)) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        this.#res.off('drain', done);
        this.#res.off('close', done);
        resolve();
      };
      this.#res.on('drain', done);
      this.#res.on('close', done);
    });
  }

  end(text?: string): void {
    if (this.closed) return;
    this.#res.end(text);
  }
}

import type { RequestLogEntry } from './log-entry.js';
import type { LogFilter, LogQuery, LogStats } from './log-query.js';
import type { LogPage, LogStore } from './log-store.js';

/**
 * A store that is still opening (a worker starting, a driver loading): calls wait
 * for it. If it could not open, every call rejects with that reason, which the
 * writer reports and retries like any database failure.
 */
export class DeferredLogStore implements LogStore {
  readonly kind: LogStore['kind'];
  readonly #opening: Promise<LogStore>;

  constructor(kind: LogStore['kind'], opening: Promise<LogStore>) {
    this.kind = kind;
    this.#opening = opening;
    opening.catch(() => undefined); // reported by the calls that need it
  }

  insert(entries: readonly RequestLogEntry[]): Promise<void> {
    return this.#opening.then((store) => store.insert(entries));
  }

  query(query: LogQuery): Promise<LogPage> {
    return this.#opening.then((store) => store.query(query));
  }

  stats(filter: LogFilter): Promise<LogStats> {
    return this.#opening.then((store) => store.stats(filter));
  }

  prune(beforeMs: number): Promise<number> {
    return this.#opening.then((store) => store.prune(beforeMs));
  }

  close(): Promise<void> {
    return this.#opening.then((store) => store.close(), () => undefined);
  }
}

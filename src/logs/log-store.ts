import type { RequestLogEntry, RequestLogRecord } from './log-entry.js';
import type { LogFilter, LogQuery, LogStats } from './log-query.js';

/** A page of `GET /api/logs`. */
export interface LogPage {
  logs: RequestLogRecord[];
  /** Rows the filter matches, over all pages. */
  total: number;
  limit: number;
  offset: number;
}

/**
 * Where request logs are kept: SQLite (`sqlite-log-store.ts`) or PostgreSQL
 * (`postgres-log-store.ts`). Only `LogWriter` inserts; every method may reject
 * when the database is down, and must work again once it is back.
 */
export interface LogStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Inserts entries in one transaction: all of them or none. */
  insert(entries: readonly RequestLogEntry[]): Promise<void>;
  query(query: LogQuery): Promise<LogPage>;
  stats(filter: LogFilter): Promise<LogStats>;
  /** Deletes entries older than `beforeMs` (epoch milliseconds); resolves to how many. */
  prune(beforeMs: number): Promise<number>;
  close(): Promise<void>;
}

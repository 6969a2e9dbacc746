import type { LogFilter, LogQuery } from '../log-query.js';

/** What `SqliteLogStore` asks its worker; `id` pairs a request with its reply. */
export type SqliteWorkerRequest =
  | { id: number; op: 'insert'; rows: unknown[][] }
  | { id: number; op: 'query'; query: LogQuery }
  | { id: number; op: 'stats'; filter: LogFilter }
  | { id: number; op: 'prune'; beforeMs: number }
  | { id: number; op: 'close' };

/** An error as it crosses the thread boundary (`code` is SQLite's, e.g. `SQLITE_BUSY`). */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
}

/** The worker's answer to one request, or `ready` once the database is open (`id` 0). */
export type SqliteWorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** The data the worker starts with. */
export interface SqliteWorkerData {
  path: string;
  contentSearchIndex: boolean;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

/** The error a caller sees: its message and SQLite code kept, the stack the caller's own. */
export function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message) as Error & { code?: string };
  error.name = serialized.name;
  if (serialized.code !== undefined) error.code = serialized.code;
  return error;
}

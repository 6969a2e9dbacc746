import { Worker } from 'node:worker_threads';
import { toRow } from '../log-columns.js';
import type { RequestLogEntry } from '../log-entry.js';
import type { LogFilter, LogQuery, LogStats } from '../log-query.js';
import type { LogPage, LogStore } from '../log-store.js';
import { sqliteWorkerScript } from './sqlite-worker-script.js';
import { deserializeError, type SqliteWorkerData, type SqliteWorkerReply, type SqliteWorkerRequest } from './sqlite-worker-protocol.js';

/** Where the SQLite log store keeps its file. */
export interface SqliteLogStoreOptions {
  /** The database file; its directory is created if missing. */
  path: string;
  /**
   * Keep a trigram index of request and response content (FTS5), so that content search
   * does not scan; it makes each insert with content several times dearer. Default false:
   * an existing index is dropped on open.
   */
  contentSearchIndex?: boolean;
}

type Request = SqliteWorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Request logs in a SQLite file. The database lives in a worker thread (`sqlite-worker.ts`),
 * so neither writes nor queries block the event loop. If the worker dies, the calls it held
 * reject and the next call starts a new one.
 */
export class SqliteLogStore implements LogStore {
  readonly kind = 'sqlite';
  readonly #path: string;
  readonly #contentSearchIndex: boolean;
  /** The current worker thread; TypeScript-private (not `#`) so tests can stop it as a crash would. */
  private worker: Worker | undefined;
  #ready: Promise<void> | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  constructor(options: SqliteLogStoreOptions) {
    this.#path = options.path;
    this.#contentSearchIndex = options.contentSearchIndex ?? false;
  }

  /** Starts the worker and waits until it has opened the database (and created the schema). */
  async open(): Promise<void> {
    this.#start();
    await this.#ready;
  }

  insert(entries: readonly RequestLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.#call({ op: 'insert', rows: entries.map(toRow) }) as Promise<void>;
  }

  query(query: LogQuery): Promise<LogPage> {
    return this.#call({ op: 'query', query }) as Promise<LogPage>;
  }

  stats(filter: LogFilter): Promise<LogStats> {
    return this.#call({ op: 'stats', filter }) as Promise<LogStats>;
  }

  prune(beforeMs: number): Promise<number> {
    return this.#call({ op: 'prune', beforeMs }) as Promise<number>;
  }

  /** Waits for the calls under way, closes the database and stops the worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const worker = this.worker;
    try {
      if (worker !== undefined) await this.#call({ op: 'close' });
    } finally {
      this.#closed = true;
      await worker?.terminate();
    }
  }

  #call(request: Request): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('The SQLite log store is closed.'));
    let worker: Worker;
    try {
      worker = this.#start();
    } catch (error) {
      return Promise.reject(error);
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, id } as SqliteWorkerRequest);
    });
  }

  #start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const script = sqliteWorkerScript();
    const workerData: SqliteWorkerData = { path: this.#path, contentSearchIndex: this.#contentSearchIndex };
    // A small young generation: the worker's garbage is short-lived batches, and every megabyte of
    // its heap counts in the gateway's RSS (the default semi-spaces cost tens of MB under load).
    const resourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };
    const worker = script.kind === 'file' ? new Worker(script.url, { workerData, resourceLimits }) : new Worker(script.code, { eval: true, workerData, resourceLimits });
    this.worker = worker;
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#pending.set(0, { resolve: () => resolve(), reject });
    });
    // Nothing awaits `ready` when a call starts the worker: the call's own reply reports an open failure.
    this.#ready.catch(() => {});
    worker.on('message', (reply: SqliteWorkerReply) => this.#settle(reply));
    worker.on('error', (error) => this.#lost(worker, error));
    worker.on('exit', (code) => this.#lost(worker, new Error(`The SQLite log worker stopped (exit code ${code}).`)));
    return worker;
  }

  #settle(reply: SqliteWorkerReply): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.worker?.unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(deserializeError(reply.error));
  }

  #lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.#ready = undefined;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of pending) call.reject(error);
  }
}

/** Opens (creating if needed) a SQLite request-log store at `options.path`, with or without the content-search index. */
export async function openSqliteLogStore(options: SqliteLogStoreOptions): Promise<SqliteLogStore> {
  const store = new SqliteLogStore(options);
  try {
    await store.open();
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}

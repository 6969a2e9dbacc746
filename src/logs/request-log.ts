import { join } from 'node:path';
import { logsStoreSchema, type LogsStoreConfig } from '../config/logs-store-schema.js';
import type { Logger } from '../logging/logger.js';
import { DeferredLogStore } from './deferred-log-store.js';
import type { RequestLogEntry } from './log-entry.js';
import type { LogFilter, LogQuery, LogStats } from './log-query.js';
import type { LogPage, LogStore } from './log-store.js';
import { LogWriter, type LogWriterCounts } from './log-writer.js';

/** Where the request log comes from: the `logs_store` section, and the gateway's app directory. */
export interface RequestLogOptions {
  /** `logs_store`; absent: SQLite at `<appDir>/logs.db` when there is an app directory, else no log. */
  store: LogsStoreConfig | undefined;
  appDir: string | undefined;
  /** `client.disable_content_logging`. */
  disableContentLogging: boolean;
  /** `client.log_retention_days`, used when `logs_store.retention_days` is not set. */
  retentionDays: number | undefined;
  logger: Logger;
}

const defaultRetentionDays = 30;

/**
 * The request log: what the server records after each model call, written in
 * the background by a `LogWriter`, and read back by `GET /api/logs`.
 */
export class RequestLog {
  /** Whether request and response bodies are recorded. */
  readonly contentLogging: boolean;
  /** Characters of content kept per body. */
  readonly maxContentChars: number;
  readonly store: LogStore;
  readonly #writer: LogWriter;

  /** Opens the configured store (in the background); `undefined` when request logging is off. */
  static open(options: RequestLogOptions): RequestLog | undefined {
    const config = options.store ?? (options.appDir === undefined ? undefined : defaultStore());
    if (config === undefined || !config.enabled) return undefined;
    let opening: Promise<LogStore>;
    if (config.type === 'postgres') {
      const settings = config.config;
      opening = import('./postgres/postgres-log-store.js').then(({ openPostgresLogStore }) =>
        openPostgresLogStore(settings, { contentSearchIndex: config.content_search_index, onError: (error) => options.logger.warn({ err: error }, 'request log database connection failed') }),
      );
    } else {
      const path = config.config.path ?? (options.appDir === undefined ? undefined : join(options.appDir, 'logs.db'));
      if (path === undefined) throw new Error('logs_store: a SQLite store needs config.path when the gateway has no app directory');
      opening = import('./sqlite/sqlite-log-store.js').then(({ openSqliteLogStore }) => openSqliteLogStore({ path, contentSearchIndex: config.content_search_index }));
    }
    opening.catch((error: unknown) => options.logger.error({ err: error, type: config.type }, 'could not open the request log store; request logs are dropped until it opens'));
    const store = new DeferredLogStore(config.type, opening);
    return new RequestLog(store, config, options);
  }

  constructor(store: LogStore, config: LogsStoreConfig, options: RequestLogOptions) {
    this.store = store;
    this.contentLogging = !options.disableContentLogging && config.max_content_chars > 0;
    this.maxContentChars = config.max_content_chars;
    this.#writer = new LogWriter({
      store,
      logger: options.logger,
      queueSize: config.queue_size,
      batchSize: config.batch_size,
      flushIntervalMs: config.flush_interval_ms,
      retentionDays: config.retention_days ?? options.retentionDays ?? defaultRetentionDays,
    });
  }

  /** Queues an entry; never waits, never throws. */
  write(entry: RequestLogEntry): void {
    this.#writer.write(entry);
  }

  /** Content as stored: `null` when content logging is off, cut to `maxContentChars`. */
  content(text: string | undefined): string | null {
    if (!this.contentLogging || text === undefined) return null;
    return text.length <= this.maxContentChars ? text : `${text.slice(0, this.maxContentChars)}…[cut ${text.length - this.maxContentChars} characters]`;
  }

  get counts(): Readonly<LogWriterCounts> {
    return this.#writer.counts;
  }

  query(query: LogQuery): Promise<LogPage> {
    return this.store.query(query);
  }

  stats(filter: LogFilter): Promise<LogStats> {
    return this.store.stats(filter);
  }

  /** Writes what is queued now. */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  /** Deletes entries older than the retention period now (it also runs hourly). */
  prune(beforeMs: number): Promise<number> {
    return this.#writer.prune(beforeMs);
  }

  /** Writes what is queued (bounded by `timeoutMs`), then closes the store. */
  close(timeoutMs?: number): Promise<void> {
    return this.#writer.close(timeoutMs);
  }
}

/** The store used when `logs_store` is absent: SQLite, every setting at its default. */
const defaultStore = (): LogsStoreConfig => logsStoreSchema.parse({ type: 'sqlite' });

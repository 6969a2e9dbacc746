import pg from 'pg';
import { fromRow } from '../log-columns.js';
import type { RequestLogEntry } from '../log-entry.js';
import type { LogFilter, LogQuery, LogStats } from '../log-query.js';
import type { LogPage, LogStore } from '../log-store.js';
import { whereClause } from '../sql-filter.js';
import { toPoolConfig, type PostgresLogConfig } from './postgres-config.js';
import { ensurePostgresLogSchema } from './postgres-schema.js';
import { insertParams, insertSql, postgresDialect, postgresOrderClause, selectColumns } from './postgres-sql.js';
import { statsQuery, toLogStats, type StatsRow } from './postgres-stats.js';

/** How the PostgreSQL log store behaves beyond where it connects. */
export interface PostgresLogStoreOptions {
  /** Hears errors of idle connections (the pool drops those connections and opens new ones). */
  onError?: (error: Error) => void;
  /**
   * Keep `pg_trgm` indexes of request and response content, so that content search does not scan;
   * they make each insert several times dearer. Default false: existing ones are dropped.
   */
  contentSearchIndex?: boolean;
}

/** Rows one `prune` statement deletes, so that no single statement runs into the statement timeout. */
const pruneChunk = 20_000;

/**
 * Request logs in PostgreSQL, over a small `pg` pool. The schema is created by the first call that reaches
 * the database, so the gateway starts while the database is down; every call rejects while it is down
 * (within the connect and statement timeouts) and works again once it is back.
 */
export class PostgresLogStore implements LogStore {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;
  #schema: Promise<unknown> | undefined;
  #closed: Promise<void> | undefined;
  readonly #onError: (error: Error) => void;
  readonly #contentSearchIndex: boolean;
  #trigramSearch: boolean | undefined;

  constructor(config: PostgresLogConfig, options: PostgresLogStoreOptions = {}) {
    this.#onError = options.onError ?? (() => undefined);
    this.#contentSearchIndex = options.contentSearchIndex ?? false;
    this.#pool = new pg.Pool(toPoolConfig(config));
    this.#pool.on('error', (error) => this.#onError(error));
  }

  /** Whether content search has trigram indexes (asked for, and `pg_trgm` available); `undefined` until the schema is created. */
  get trigramSearch(): boolean | undefined {
    return this.#trigramSearch;
  }

  insert(entries: readonly RequestLogEntry[]): Promise<void> {
    return this.#run('insert', async () => {
      if (entries.length === 0) return;
      // One statement is one transaction: the batch is written whole or not at all.
      await this.#pool.query(insertSql, insertParams(entries));
    });
  }

  query(query: LogQuery): Promise<LogPage> {
    return this.#run('query', async () => {
      const where = whereClause(query, postgresDialect);
      const page = where.params.length;
      const [rows, count] = await Promise.all([
        this.#pool.query(
          `SELECT ${selectColumns} FROM logs${where.sql}${postgresOrderClause(query)} LIMIT $${page + 1} OFFSET $${page + 2}`,
          [...where.params, query.limit, query.offset],
        ),
        this.#pool.query<{ total: string }>(`SELECT count(*) AS total FROM logs${where.sql}`, where.params),
      ]);
      return { logs: rows.rows.map(fromRow), total: Number(count.rows[0].total), limit: query.limit, offset: query.offset };
    });
  }

  stats(filter: LogFilter): Promise<LogStats> {
    return this.#run('stats', async () => {
      const { sql, params } = statsQuery(filter);
      const result = await this.#pool.query<StatsRow>(sql, params);
      return toLogStats(result.rows);
    });
  }

  prune(beforeMs: number): Promise<number> {
    return this.#run('prune', async () => {
      let deleted = 0;
      for (;;) {
        const result = await this.#pool.query(
          'DELETE FROM logs WHERE id IN (SELECT id FROM logs WHERE timestamp < $1 LIMIT $2)',
          [beforeMs, pruneChunk],
        );
        deleted += result.rowCount ?? 0;
        if ((result.rowCount ?? 0) < pruneChunk) return deleted;
      }
    });
  }

  close(): Promise<void> {
    this.#closed ??= this.#pool.end();
    return this.#closed;
  }

  async #run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.#closed !== undefined) throw new Error(`postgres log store: ${operation} after close`);
    try {
      await this.#ready();
      return await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`postgres log store: ${operation} failed: ${message}`, { cause: error });
    }
  }

  #ready(): Promise<unknown> {
    this.#schema ??= ensurePostgresLogSchema(this.#pool, { contentSearchIndex: this.#contentSearchIndex }).then(
      (schema) => {
        this.#trigramSearch = schema.trigramSearch;
      },
      (error: unknown) => {
        this.#schema = undefined;
        throw error;
      },
    );
    return this.#schema;
  }
}

/**
 * A PostgreSQL log store. Resolves without reaching the database, so that a gateway starts while it is
 * down; the first call that reaches it creates the schema.
 */
export async function openPostgresLogStore(config: PostgresLogConfig, options: PostgresLogStoreOptions = {}): Promise<PostgresLogStore> {
  return new PostgresLogStore(config, options);
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { fromRow, logColumnNames } from '../log-columns.js';
import type { LogFilter, LogQuery, LogStats } from '../log-query.js';
import type { LogPage } from '../log-store.js';
import { orderClause, whereClause, type SqlDialect } from '../sql-filter.js';
import { registerSqliteSearchFunctions, sqliteDialect } from './sqlite-dialect.js';
import { prepareSqliteDatabase } from './sqlite-schema.js';
import { readSqliteStats } from './sqlite-stats.js';

/** Rows a prune deletes per transaction, so that no delete holds the write lock for long. */
export const pruneChunkRows = 5000;

/** The `logs` table's columns: those of `logColumns` but the two content columns (kept in `log_contents`), which come last. */
const metaColumns = logColumnNames.slice(0, -2);
if (logColumnNames.slice(-2).join() !== 'request_content,response_content') throw new Error('logColumns must end with the two content columns.');
const requestContent = metaColumns.length;
const responseContent = metaColumns.length + 1;
const insertSql = `INSERT INTO logs (${metaColumns.join(', ')}) VALUES (${metaColumns.map(() => '?').join(', ')})`;
const insertContentSql = 'INSERT INTO log_contents (id, request_content, response_content) VALUES (?, ?, ?)';
// The `log_contents` rows go with their `logs` rows (trigger `logs_delete_contents`).
const pruneSql = 'DELETE FROM logs WHERE id IN (SELECT id FROM logs WHERE timestamp < ? ORDER BY timestamp LIMIT ?)';
const cachedStatementLimit = 64;

/**
 * The request-log table in one SQLite file, synchronously (better-sqlite3). It runs inside
 * `sqlite-worker.ts`; `SqliteLogStore` is the asynchronous face the gateway uses.
 */
export class SqliteLogDatabase {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #contentSearchIndex: boolean;

  /**
   * Opens (creating the file and its directory if needed) and brings the schema up to date,
   * with the trigram content-search index when `contentSearchIndex` is set and without it
   * (dropping it if there) otherwise.
   */
  constructor(path: string, options: { contentSearchIndex?: boolean } = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#contentSearchIndex = options.contentSearchIndex ?? false;
    try {
      prepareSqliteDatabase(this.#db, options.contentSearchIndex ?? false);
      registerSqliteSearchFunctions(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  /** Inserts rows (values in `logColumns` order, as `toRow` builds them) in one transaction. */
  insertRows(rows: readonly (readonly unknown[])[]): void {
    if (rows.length === 0) return;
    const insert = this.#statement(insertSql);
    const insertContent = this.#statement(insertContentSql);
    this.#db.transaction(() => {
      for (const row of rows) {
        const id = insert.run(row.slice(0, requestContent)).lastInsertRowid;
        const request = row[requestContent] ?? null;
        const response = row[responseContent] ?? null;
        if (request !== null || response !== null) insertContent.run(id, request, response);
      }
    }).immediate();
  }

  query(query: LogQuery): LogPage {
    const where = whereClause(query, this.#dialect(query));
    // The filter, sort and window run over the narrow `logs` rows; only the page's rows fetch their content.
    const page = this.#statement(
      `SELECT * FROM (SELECT * FROM logs${where.sql}${orderClause(query)} LIMIT ? OFFSET ?) LEFT JOIN log_contents USING (id)${orderClause(query)}`,
    );
    const count = this.#statement(`SELECT COUNT(*) FROM logs${where.sql}`);
    return this.#db.transaction(() => {
      const rows = page.all(...where.params, query.limit, query.offset) as Record<string, unknown>[];
      const total = count.pluck().get(...where.params) as number;
      return { logs: rows.map(fromRow), total, limit: query.limit, offset: query.offset };
    })();
  }

  stats(filter: LogFilter): LogStats {
    return this.#db.transaction(() => readSqliteStats(this.#db, filter, this.#dialect(filter)))();
  }

  /** Deletes up to `limit` of the oldest entries before `beforeMs`, in one transaction; returns how many. */
  pruneChunk(beforeMs: number, limit = pruneChunkRows): number {
    const statement = this.#statement(pruneSql);
    return this.#db.transaction(() => statement.run(beforeMs, limit).changes).immediate();
  }

  /** Deletes every entry before `beforeMs`, chunk by chunk; returns how many. */
  prune(beforeMs: number): number {
    let deleted = 0;
    for (;;) {
      const changes = this.pruneChunk(beforeMs);
      deleted += changes;
      if (changes < pruneChunkRows) return deleted;
    }
  }

  close(): void {
    if (!this.#db.open) return;
    try {
      this.#db.pragma('optimize');
    } finally {
      this.#db.close();
    }
  }

  #dialect(filter: LogFilter): SqlDialect {
    return sqliteDialect(this.#contentSearchIndex, filter);
  }

  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      if (this.#statements.size >= cachedStatementLimit) this.#statements.delete(this.#statements.keys().next().value as string);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

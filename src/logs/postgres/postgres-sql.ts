import { logColumnNames, logColumns, toRow } from '../log-columns.js';
import type { RequestLogEntry } from '../log-entry.js';
import type { LogQuery } from '../log-query.js';
import { escapeLike, type SqlDialect } from '../sql-filter.js';

/** PostgreSQL's placeholders (`$n`) and content search (ILIKE, served by the trigram indexes when present). */
export const postgresDialect: SqlDialect = {
  placeholder: (index) => `$${index}`,
  search(text, param) {
    const pattern = param(`%${escapeLike(text)}%`);
    return `(request_content ILIKE ${pattern} ESCAPE '\\' OR response_content ILIKE ${pattern} ESCAPE '\\')`;
  },
};

const sortColumns = { timestamp: 'timestamp', latency: 'latency_ms', tokens: 'total_tokens', cost: 'cost_usd' } as const;

/**
 * `orderClause` with SQLite's NULL order (NULLs lowest: first ascending, last descending) so both stores
 * page alike; the timestamp index is built the same way (`postgres-schema.ts`).
 */
export function postgresOrderClause(query: Pick<LogQuery, 'sort' | 'order'>): string {
  const direction = query.order === 'asc' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST';
  return ` ORDER BY ${sortColumns[query.sort]} ${direction}, id ${query.order === 'asc' ? 'ASC' : 'DESC'}`;
}

const columnTypes: Record<string, string> = {
  timestamp: 'bigint',
  status: 'integer',
  latency_ms: 'double precision',
  ttft_ms: 'double precision',
  upstream_ms: 'double precision',
  prompt_tokens: 'integer',
  completion_tokens: 'integer',
  total_tokens: 'integer',
  cost_usd: 'double precision',
  attempts: 'integer',
  fallback_index: 'integer',
  stream: 'smallint',
};

/** One statement for any batch size: each column travels as one array parameter. */
export const insertSql = `INSERT INTO logs (${logColumnNames.join(', ')}) SELECT * FROM unnest(${logColumnNames
  .map((column, i) => `$${i + 1}::${columnTypes[column] ?? 'text'}[]`)
  .join(', ')})`;

/** The parameters of `insertSql`: one array per column. */
export function insertParams(entries: readonly RequestLogEntry[]): unknown[][] {
  const columns = logColumns.map(() => new Array<unknown>(entries.length));
  for (let row = 0; row < entries.length; row++) {
    const values = toRow(entries[row]);
    for (let column = 0; column < values.length; column++) columns[column][row] = values[column];
  }
  return columns;
}

export const selectColumns = `id, ${logColumnNames.join(', ')}`;

import type { LogFilter, LogQuery } from './log-query.js';

/** How a store writes placeholders and content search. */
export interface SqlDialect {
  /** `?` (SQLite) or `$n` (PostgreSQL), for the n-th parameter (1-based). */
  placeholder(index: number): string;
  /** The condition that `search` matches the request or response content; `param` adds a parameter and returns its placeholder. */
  search(text: string, param: (value: unknown) => string): string;
}

/** A WHERE clause (empty, or starting with ` WHERE `) and its parameters. */
export interface SqlWhere {
  sql: string;
  params: unknown[];
}

/** The WHERE clause of a filter, over the `logs` table's columns (`log-columns.ts`). */
export function whereClause(filter: LogFilter, dialect: SqlDialect): SqlWhere {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  const conditions: string[] = [];
  const range = (column: string, min: number | undefined, max: number | undefined) => {
    if (min !== undefined) conditions.push(`${column} >= ${param(min)}`);
    if (max !== undefined) conditions.push(`${column} <= ${param(max)}`);
  };
  const anyOf = (column: string, values: readonly unknown[] | undefined) => {
    if (values === undefined || values.length === 0) return;
    conditions.push(values.length === 1 ? `${column} = ${param(values[0])}` : `${column} IN (${values.map(param).join(', ')})`);
  };
  range('timestamp', filter.from, filter.to);
  anyOf('provider', filter.provider);
  anyOf('model', filter.model);
  anyOf('key_name', filter.keyName);
  anyOf('virtual_key', filter.virtualKey);
  anyOf('team', filter.team);
  anyOf('customer', filter.customer);
  anyOf('operation', filter.operation);
  anyOf('route', filter.route);
  anyOf('status', filter.status);
  anyOf('error_code', filter.errorCode);
  anyOf('cache_status', filter.cacheStatus);
  if (filter.requestId !== undefined) conditions.push(`request_id = ${param(filter.requestId)}`);
  if (filter.outcome === 'success') conditions.push('error_code IS NULL');
  else if (filter.outcome === 'error') conditions.push('error_code IS NOT NULL');
  range('latency_ms', filter.minLatencyMs, filter.maxLatencyMs);
  range('total_tokens', filter.minTokens, filter.maxTokens);
  range('cost_usd', filter.minCostUsd, filter.maxCostUsd);
  if (filter.search !== undefined && filter.search.length > 0) conditions.push(dialect.search(filter.search, param));
  return { sql: conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`, params };
}

const sortColumns = { timestamp: 'timestamp', latency: 'latency_ms', tokens: 'total_tokens', cost: 'cost_usd' } as const;

/** The ORDER BY clause of a query; ties broken by row id, in the same direction. */
export function orderClause(query: Pick<LogQuery, 'sort' | 'order'>): string {
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  return ` ORDER BY ${sortColumns[query.sort]} ${direction}, id ${direction}`;
}

/** `text` with LIKE's wildcards (`%`, `_`) and the escape character (`\`) escaped, for `LIKE ... ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

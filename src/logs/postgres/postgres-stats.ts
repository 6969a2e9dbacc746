import type { LogFilter, LogStats, LogTotals } from '../log-query.js';
import { whereClause } from '../sql-filter.js';
import { postgresDialect } from './postgres-sql.js';

/** A row of `statsQuery`: the overall totals (`overall` true) or one provider and model's. */
interface StatsRow {
  overall: boolean;
  provider: string | null;
  model: string | null;
  requests: string;
  errors: string;
  latency_avg: number | null;
  latency_percentiles: number[] | null;
  prompt_tokens: string;
  completion_tokens: string;
  total_tokens: string;
  cost_usd: number;
}

/**
 * The totals of a filter and of each (provider, model) in one scan: GROUPING SETS gives the overall row
 * and the groups; percentile_disc is the nearest rank, as `percentile()`.
 */
export function statsQuery(filter: LogFilter): { sql: string; params: unknown[] } {
  const where = whereClause(filter, postgresDialect);
  const sql = `SELECT GROUPING(provider, model) = 3 AS overall, provider, model,
  count(*) AS requests, count(error_code) AS errors, avg(latency_ms) AS latency_avg,
  percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY latency_ms) AS latency_percentiles,
  coalesce(sum(prompt_tokens), 0) AS prompt_tokens, coalesce(sum(completion_tokens), 0) AS completion_tokens,
  coalesce(sum(total_tokens), 0) AS total_tokens, coalesce(sum(cost_usd), 0) AS cost_usd
FROM logs${where.sql}
GROUP BY GROUPING SETS ((), (provider, model))`;
  return { sql, params: where.params };
}

function toTotals(row: StatsRow | undefined): LogTotals {
  const requests = row === undefined ? 0 : Number(row.requests);
  const errors = row === undefined ? 0 : Number(row.errors);
  const percentiles = row?.latency_percentiles ?? null;
  return {
    requests,
    errors,
    errorRate: requests === 0 ? 0 : errors / requests,
    latencyMs: {
      avg: requests === 0 ? null : row?.latency_avg ?? null,
      p50: percentiles?.[0] ?? null,
      p90: percentiles?.[1] ?? null,
      p99: percentiles?.[2] ?? null,
    },
    promptTokens: row === undefined ? 0 : Number(row.prompt_tokens),
    completionTokens: row === undefined ? 0 : Number(row.completion_tokens),
    totalTokens: row === undefined ? 0 : Number(row.total_tokens),
    costUsd: row === undefined ? 0 : Number(row.cost_usd),
  };
}

/** `LogStats` from the rows of `statsQuery`; groups by requests (most first), then provider, then model. */
export function toLogStats(rows: readonly StatsRow[]): LogStats {
  const groups = rows
    .filter((row) => !row.overall)
    .map((row) => ({ provider: row.provider, model: row.model, ...toTotals(row) }))
    .sort((a, b) => b.requests - a.requests || compareNullable(a.provider, b.provider) || compareNullable(a.model, b.model));
  return { ...toTotals(rows.find((row) => row.overall)), groups };
}

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

export type { StatsRow };

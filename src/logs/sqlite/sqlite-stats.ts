import type { Database } from 'better-sqlite3';
import type { LogFilter, LogStats, LogTotals } from '../log-query.js';
import { whereClause, type SqlDialect } from '../sql-filter.js';

type Group = LogTotals & { provider: string | null; model: string | null };

interface GroupSums {
  provider: string | null;
  model: string | null;
  requests: number;
  errors: number;
  latencyCount: number;
  latencySum: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costUsd: number;
  latencies: Float64Array;
}

/**
 * `LogStats` over a SQLite connection, in one scan of the filter's narrow `logs` rows: sums and
 * latencies are gathered here per (provider, model), then ranked (SQLite has no percentile
 * function; a selection per percentile, not a sort). No index serves this (random-valued indexes would slow every insert): about 1 s
 * over 1M rows, tens of milliseconds over a day.
 */
export function readSqliteStats(db: Database, filter: LogFilter, dialect: SqlDialect): LogStats {
  const where = whereClause(filter, dialect);
  const statement = db
    .prepare(`SELECT provider, model, error_code IS NOT NULL, latency_ms, prompt_tokens, completion_tokens, total_tokens, cost_usd FROM logs${where.sql}`)
    .raw();
  const byProvider = new Map<string | null, Map<string | null, GroupSums & { values: number[] }>>();
  const groups: Array<GroupSums & { values: number[] }> = [];
  let models: Map<string | null, GroupSums & { values: number[] }> | undefined;
  let lastProvider: string | null | undefined;
  let current: (GroupSums & { values: number[] }) | undefined;
  for (const row of statement.iterate(...where.params) as IterableIterator<
    [string | null, string | null, number, number | null, number | null, number | null, number | null, number | null]
  >) {
    const [provider, model] = row;
    if (current === undefined || current.provider !== provider || current.model !== model) {
      if (models === undefined || lastProvider !== provider) {
        models = byProvider.get(provider);
        if (models === undefined) byProvider.set(provider, (models = new Map()));
        lastProvider = provider;
      }
      current = models.get(model);
      if (current === undefined) {
        current = { ...emptySums(), provider, model, values: [] };
        models.set(model, current);
        groups.push(current);
      }
    }
    current.requests++;
    current.errors += row[2];
    if (row[3] !== null) {
      current.latencyCount++;
      current.latencySum += row[3];
      current.values.push(row[3]);
    }
    current.promptTokens += row[4] ?? 0;
    current.completionTokens += row[5] ?? 0;
    current.totalTokens += row[6] ?? 0;
    current.costUsd += row[7] ?? 0;
  }
  const all = new Float64Array(groups.reduce((count, sums) => count + sums.latencyCount, 0));
  let filled = 0;
  for (const sums of groups) {
    sums.latencies = Float64Array.from(sums.values);
    sums.values = [];
    all.set(sums.latencies, filled);
    filled += sums.latencies.length;
  }
  const overall = groups.reduce(addSums, emptySums());
  overall.latencies = all;
  return { ...toTotals(overall), groups: groups.sort(byRequests).map((sums) => ({ provider: sums.provider, model: sums.model, ...toTotals(sums) })) as Group[] };
}

function emptySums(): GroupSums {
  return { provider: null, model: null, requests: 0, errors: 0, latencyCount: 0, latencySum: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, costUsd: 0, latencies: new Float64Array(0) };
}

function addSums(total: GroupSums, sums: GroupSums): GroupSums {
  total.requests += sums.requests;
  total.errors += sums.errors;
  total.latencyCount += sums.latencyCount;
  total.latencySum += sums.latencySum;
  total.promptTokens += sums.promptTokens;
  total.completionTokens += sums.completionTokens;
  total.totalTokens += sums.totalTokens;
  total.costUsd += sums.costUsd;
  return total;
}

function toTotals(sums: GroupSums): LogTotals {
  const [p50, p90, p99] = nearestRanks(sums.latencies, [0.5, 0.9, 0.99]);
  return {
    requests: sums.requests,
    errors: sums.errors,
    errorRate: sums.requests === 0 ? 0 : sums.errors / sums.requests,
    latencyMs: {
      avg: sums.latencyCount === 0 ? null : sums.latencySum / sums.latencyCount,
      p50,
      p90,
      p99,
    },
    promptTokens: sums.promptTokens,
    completionTokens: sums.completionTokens,
    totalTokens: sums.totalTokens,
    costUsd: sums.costUsd,
  };
}

/** Most requests first, then by provider and model (absent names last). */
function byRequests(a: GroupSums, b: GroupSums): number {
  return b.requests - a.requests || compareNames(a.provider, b.provider) || compareNames(a.model, b.model);
}

function compareNames(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * `percentile(sorted, q)` for each of the ascending `quantiles`, without sorting: each rank is
 * selected in place (quickselect), the next one searched only to the right of the last.
 * Reorders `values`.
 */
function nearestRanks(values: Float64Array, quantiles: readonly number[]): Array<number | null> {
  const n = values.length;
  let left = 0;
  return quantiles.map((q) => {
    if (n === 0) return null;
    const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
    select(values, Math.min(left, rank), n - 1, rank);
    left = rank;
    return values[rank];
  });
}

/** Moves the `k`-th smallest of `values[left..right]` to index `k`, smaller ones before it and larger ones after. */
function select(values: Float64Array, left: number, right: number, k: number): void {
  while (right > left) {
    // Median of three as the pivot, then Hoare partition.
    const middle = (left + right) >>> 1;
    const a = values[left];
    const b = values[middle];
    const c = values[right];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

import type { Database } from 'better-sqlite3';
import type { LogFilter, LogStats, LogTotals } from '../log-query.js';
import { percentile } from '../percentile.js';
import { whereClause } from '../sql-filter.js';
import { sqliteDialect } from './sqlite-dialect.js';

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

const sumsColumns = `provider, model, COUNT(*), COUNT(error_code), COUNT(latency_ms), TOTAL(latency_ms),
  TOTAL(prompt_tokens), TOTAL(completion_tokens), TOTAL(total_tokens), TOTAL(cost_usd)`;

/**
 * `LogStore.stats` over a SQLite connection. Sums come from one GROUP BY; SQLite has no
 * percentile function, so latencies are read in (provider, model, latency) order, which the
 * covering `logs_stats` index serves without sorting, and ranked here.
 */
export function readSqliteStats(db: Database, filter: LogFilter): LogStats {
  const where = whereClause(filter, sqliteDialect);
  const sumRows = db.prepare(`SELECT ${sumsColumns} FROM logs${where.sql} GROUP BY provider, model`).raw().all(...where.params) as unknown[][];
  const byProvider = new Map<string | null, Map<string | null, GroupSums>>();
  const groups: GroupSums[] = [];
  for (const row of sumRows) {
    const sums: GroupSums = {
      provider: row[0] as string | null,
      model: row[1] as string | null,
      requests: row[2] as number,
      errors: row[3] as number,
      latencyCount: row[4] as number,
      latencySum: row[5] as number,
      promptTokens: row[6] as number,
      completionTokens: row[7] as number,
      totalTokens: row[8] as number,
      costUsd: row[9] as number,
      latencies: new Float64Array(row[4] as number),
    };
    groups.push(sums);
    let models = byProvider.get(sums.provider);
    if (models === undefined) byProvider.set(sums.provider, (models = new Map()));
    models.set(sums.model, sums);
  }
  const all = readLatencies(db, where.sql, where.params, groups, byProvider);
  const overall = groups.reduce(addSums, emptySums());
  overall.latencies = all;
  return { ...toTotals(overall), groups: groups.sort(byRequests).map((sums) => ({ provider: sums.provider, model: sums.model, ...toTotals(sums) })) as Group[] };
}

/** Fills each group's `latencies` (ascending) and returns all of them, ascending. */
function readLatencies(
  db: Database,
  whereSql: string,
  params: unknown[],
  groups: GroupSums[],
  byProvider: Map<string | null, Map<string | null, GroupSums>>,
): Float64Array {
  const all = new Float64Array(groups.reduce((count, sums) => count + sums.latencyCount, 0));
  if (all.length === 0) return all;
  const condition = `${whereSql === '' ? ' WHERE' : `${whereSql} AND`} latency_ms IS NOT NULL`;
  const statement = db.prepare(`SELECT provider, model, latency_ms FROM logs${condition} ORDER BY provider, model, latency_ms`).raw();
  let current: GroupSums | undefined;
  let filled = 0;
  let allFilled = 0;
  for (const row of statement.iterate(...params) as IterableIterator<[string | null, string | null, number]>) {
    if (current === undefined || current.provider !== row[0] || current.model !== row[1]) {
      current = byProvider.get(row[0])?.get(row[1]);
      filled = 0;
      if (current === undefined) throw new Error('The log table changed while its stats were read.');
    }
    current.latencies[filled++] = row[2];
    all[allFilled++] = row[2];
  }
  return all.sort();
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
  const latencies = sums.latencies;
  return {
    requests: sums.requests,
    errors: sums.errors,
    errorRate: sums.requests === 0 ? 0 : sums.errors / sums.requests,
    latencyMs: {
      avg: sums.latencyCount === 0 ? null : sums.latencySum / sums.latencyCount,
      p50: percentile(latencies, 0.5),
      p90: percentile(latencies, 0.9),
      p99: percentile(latencies, 0.99),
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

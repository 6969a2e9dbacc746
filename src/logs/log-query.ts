/** Sort keys of `GET /api/logs`. */
export const logSortKeys = ['timestamp', 'latency', 'tokens', 'cost'] as const;
export type LogSortKey = (typeof logSortKeys)[number];

/**
 * Which logs a query selects. Every field is optional; lists match any of their
 * values; ranges are inclusive. `parseLogQuery` builds one from URL parameters.
 */
export interface LogFilter {
  /** Milliseconds since the epoch. */
  from?: number;
  to?: number;
  provider?: string[];
  model?: string[];
  keyName?: string[];
  virtualKey?: string[];
  /** Governance team ids. */
  team?: string[];
  /** Governance customer ids. */
  customer?: string[];
  operation?: string[];
  route?: string[];
  status?: number[];
  /** `success`: answered without an error; `error`: an error code was recorded. */
  outcome?: 'success' | 'error';
  errorCode?: string[];
  cacheStatus?: string[];
  requestId?: string;
  minLatencyMs?: number;
  maxLatencyMs?: number;
  /** Total tokens. */
  minTokens?: number;
  maxTokens?: number;
  minCostUsd?: number;
  maxCostUsd?: number;
  /** Case-insensitive substring of the request or response content. */
  search?: string;
}

/** A page of logs: a filter, an order and a window. */
export interface LogQuery extends LogFilter {
  sort: LogSortKey;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** Latency summary, in milliseconds (`null` when no row matched). */
export interface LatencySummary {
  avg: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** Totals of a set of logs. */
export interface LogTotals {
  requests: number;
  errors: number;
  /** errors / requests, 0 when there are none. */
  errorRate: number;
  latencyMs: LatencySummary;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costUsd: number;
}

/** `GET /api/logs/stats`: totals over the filter, and the same per provider and model. */
export interface LogStats extends LogTotals {
  groups: Array<LogTotals & { provider: string | null; model: string | null }>;
}

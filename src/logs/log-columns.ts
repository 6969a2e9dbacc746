import type { RequestLogEntry, RequestLogRecord } from './log-entry.js';

/**
 * The `logs` table's columns, in insert order, with the entry field each holds.
 * Both stores use this list, so their tables and rows stay the same.
 */
export const logColumns = [
  ['timestamp', 'timestamp'],
  ['request_id', 'requestId'],
  ['method', 'method'],
  ['route', 'route'],
  ['operation', 'operation'],
  ['provider', 'provider'],
  ['model', 'model'],
  ['key_name', 'keyName'],
  ['virtual_key', 'virtualKey'],
  ['team', 'team'],
  ['customer', 'customer'],
  ['status', 'status'],
  ['error_code', 'errorCode'],
  ['error_message', 'errorMessage'],
  ['latency_ms', 'latencyMs'],
  ['ttft_ms', 'ttftMs'],
  ['upstream_ms', 'upstreamMs'],
  ['prompt_tokens', 'promptTokens'],
  ['completion_tokens', 'completionTokens'],
  ['total_tokens', 'totalTokens'],
  ['cost_usd', 'costUsd'],
  ['cache_status', 'cacheStatus'],
  ['attempts', 'attempts'],
  ['fallback_index', 'fallbackIndex'],
  ['stream', 'stream'],
  ['request_content', 'requestContent'],
  ['response_content', 'responseContent'],
] as const satisfies ReadonlyArray<readonly [string, keyof RequestLogEntry]>;

export const logColumnNames: readonly string[] = logColumns.map(([column]) => column);

/** An entry as the values of one row, in `logColumns` order (`stream` as 0 or 1). */
export function toRow(entry: RequestLogEntry): unknown[] {
  const row = new Array<unknown>(logColumns.length);
  for (let i = 0; i < logColumns.length; i++) {
    const value = entry[logColumns[i][1]];
    row[i] = typeof value === 'boolean' ? (value ? 1 : 0) : value ?? null;
  }
  return row;
}

const numeric = new Set<string>(['id', 'timestamp', 'status', 'latency_ms', 'ttft_ms', 'upstream_ms', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'cost_usd', 'attempts', 'fallback_index']);

/** A row read back (column name → value) as a record. Numbers a driver returns as strings (PostgreSQL's BIGINT) become numbers. */
export function fromRow(row: Readonly<Record<string, unknown>>): RequestLogRecord {
  const record: Record<string, unknown> = { id: Number(row.id) };
  for (const [column, field] of logColumns) {
    const value = row[column];
    if (value === null || value === undefined) record[field] = null;
    else if (column === 'stream') record[field] = value === 1 || value === true || value === '1';
    else record[field] = numeric.has(column) ? Number(value) : value;
  }
  return record as unknown as RequestLogRecord;
}

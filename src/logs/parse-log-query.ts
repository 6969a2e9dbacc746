import { errors } from '../errors/index.js';
import { logSortKeys, type LogFilter, type LogQuery, type LogSortKey } from './log-query.js';

export const defaultLogLimit = 50;
export const maxLogLimit = 1000;

/**
 * The filter of `GET /api/logs` and `GET /api/logs/stats` from URL parameters
 * (Bifrost's names): `start_time`, `end_time` (ISO 8601 or epoch milliseconds),
 * `providers`, `models`, `key_names`, `virtual_keys`, `teams`, `customers`, `operations`, `routes`,
 * `error_codes`, `cache_status` (comma-separated lists), `status` (`success`,
 * `error`, or HTTP statuses), `request_id`, `min_latency`/`max_latency` (ms),
 * `min_tokens`/`max_tokens`, `min_cost`/`max_cost` (USD), `content_search`.
 * Throws `invalid_request` naming the parameter when one is malformed.
 */
export function parseLogFilter(params: URLSearchParams): LogFilter {
  const filter: LogFilter = {};
  const from = time(params, 'start_time');
  const to = time(params, 'end_time');
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  if (from !== undefined && to !== undefined && from > to) throw errors.invalidRequest('start_time is after end_time.', 'start_time');
  setList(filter, 'provider', params, 'providers');
  setList(filter, 'model', params, 'models');
  setList(filter, 'keyName', params, 'key_names');
  setList(filter, 'virtualKey', params, 'virtual_keys');
  setList(filter, 'team', params, 'teams');
  setList(filter, 'customer', params, 'customers');
  setList(filter, 'operation', params, 'operations');
  setList(filter, 'route', params, 'routes');
  setList(filter, 'errorCode', params, 'error_codes');
  setList(filter, 'cacheStatus', params, 'cache_status');
  const status = list(params, 'status');
  if (status !== undefined) {
    const codes: number[] = [];
    for (const value of status) {
      if (value === 'success' || value === 'error') {
        if (filter.outcome !== undefined && filter.outcome !== value) throw errors.invalidRequest('status cannot be both success and error.', 'status');
        filter.outcome = value;
      } else if (/^[1-5]\d\d$/.test(value)) codes.push(Number(value));
      else throw errors.invalidRequest(`status: expected success, error or an HTTP status, got '${value}'.`, 'status');
    }
    if (codes.length > 0) filter.status = codes;
  }
  const requestId = params.get('request_id');
  if (requestId) filter.requestId = requestId;
  setRange(filter, 'minLatencyMs', 'maxLatencyMs', params, 'min_latency', 'max_latency');
  setRange(filter, 'minTokens', 'maxTokens', params, 'min_tokens', 'max_tokens');
  setRange(filter, 'minCostUsd', 'maxCostUsd', params, 'min_cost', 'max_cost');
  const search = params.get('content_search');
  if (search) {
    if (search.length > 1000) throw errors.invalidRequest('content_search is longer than 1000 characters.', 'content_search');
    filter.search = search;
  }
  return filter;
}

/** The query of `GET /api/logs`: the filter plus `sort_by` (timestamp, latency, tokens, cost), `order` (asc, desc), `limit` (1 to 1000, 50 by default) and `offset`. */
export function parseLogQuery(params: URLSearchParams): LogQuery {
  const sort = params.get('sort_by') ?? 'timestamp';
  if (!(logSortKeys as readonly string[]).includes(sort)) throw errors.invalidRequest(`sort_by: expected one of ${logSortKeys.join(', ')}, got '${sort}'.`, 'sort_by');
  const order = params.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw errors.invalidRequest(`order: expected asc or desc, got '${order}'.`, 'order');
  const limit = integer(params, 'limit', 1, maxLogLimit) ?? defaultLogLimit;
  const offset = integer(params, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  return { ...parseLogFilter(params), sort: sort as LogSortKey, order, limit, offset };
}

function list(params: URLSearchParams, name: string): string[] | undefined {
  const values = params.getAll(name).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value.length > 0);
  return values.length === 0 ? undefined : values;
}

function setList<K extends 'provider' | 'model' | 'keyName' | 'virtualKey' | 'team' | 'customer' | 'operation' | 'route' | 'errorCode' | 'cacheStatus'>(filter: LogFilter, key: K, params: URLSearchParams, name: string): void {
  const values = list(params, name);
  if (values === undefined) return;
  if (values.length > 100) throw errors.invalidRequest(`${name} lists more than 100 values.`, name);
  filter[key] = values;
}

function number(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw errors.invalidRequest(`${name}: expected a number of at least 0, got '${text}'.`, name);
  return value;
}

function integer(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw errors.invalidRequest(`${name}: expected an integer from ${min} to ${max}, got '${text}'.`, name);
  return value;
}

type RangeKey = 'minLatencyMs' | 'maxLatencyMs' | 'minTokens' | 'maxTokens' | 'minCostUsd' | 'maxCostUsd';

function setRange(filter: LogFilter, minKey: RangeKey, maxKey: RangeKey, params: URLSearchParams, minName: string, maxName: string): void {
  const min = number(params, minName);
  const max = number(params, maxName);
  if (min !== undefined && max !== undefined && min > max) throw errors.invalidRequest(`${minName} is greater than ${maxName}.`, minName);
  if (min !== undefined) filter[minKey] = min;
  if (max !== undefined) filter[maxKey] = max;
}

/** An ISO 8601 time or epoch milliseconds, as epoch milliseconds. */
function time(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(value)) throw errors.invalidRequest(`${name}: expected an ISO 8601 time or epoch milliseconds, got '${text}'.`, name);
  return value;
}

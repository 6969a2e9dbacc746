import { errors, isGatewayError } from '../errors/index.js';
import type { Gateway } from '../gateway.js';
import type { RequestLogRecord } from '../logs/log-entry.js';
import type { LatencySummary, LogStats, LogTotals } from '../logs/log-query.js';
import { parseLogFilter, parseLogQuery } from '../logs/parse-log-query.js';
import type { RequestLog } from '../logs/request-log.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './send.js';

/** `GET /api/logs`: a page of request logs, filtered and sorted as the query says (docs/api.md). */
export async function handleLogs(gateway: Gateway, exchange: Exchange): Promise<void> {
  const logs = requestLogOf(gateway);
  const query = parseLogQuery(searchParams(exchange));
  const page = await logs.query(query).catch(unavailable);
  sendJson(exchange, 200, {
    logs: page.logs.map(toJson),
    pagination: { limit: page.limit, offset: page.offset, sort_by: query.sort, order: query.order, total_count: page.total },
  });
}

/** `GET /api/logs/stats`: counts, error rate, latency percentiles, tokens and cost over the filter, overall and per provider and model. */
export async function handleLogStats(gateway: Gateway, exchange: Exchange): Promise<void> {
  const logs = requestLogOf(gateway);
  const filter = parseLogFilter(searchParams(exchange));
  const stats = await logs.stats(filter).catch(unavailable);
  sendJson(exchange, 200, statsJson(stats));
}

function requestLogOf(gateway: Gateway): RequestLog {
  if (gateway.logs === undefined) throw errors.logsDisabled();
  return gateway.logs;
}

function searchParams(exchange: Exchange): URLSearchParams {
  const url = exchange.req.url ?? '';
  const query = url.indexOf('?');
  return new URLSearchParams(query === -1 ? '' : url.slice(query + 1));
}

function unavailable(error: unknown): never {
  throw isGatewayError(error) ? error : errors.logsUnavailable(error);
}

/** A record as the API shows it: snake_case, the time in ISO 8601. */
function toJson(record: RequestLogRecord) {
  return {
    id: record.id,
    timestamp: new Date(record.timestamp).toISOString(),
    request_id: record.requestId,
    method: record.method,
    route: record.route,
    operation: record.operation,
    provider: record.provider,
    model: record.model,
    key_name: record.keyName,
    virtual_key: record.virtualKey,
    team: record.team,
    customer: record.customer,
    status: record.status,
    error_code: record.errorCode,
    error_message: record.errorMessage,
    latency_ms: record.latencyMs,
    ttft_ms: record.ttftMs,
    upstream_ms: record.upstreamMs,
    prompt_tokens: record.promptTokens,
    completion_tokens: record.completionTokens,
    total_tokens: record.totalTokens,
    cost_usd: record.costUsd,
    cache_status: record.cacheStatus,
    attempts: record.attempts,
    fallback_index: record.fallbackIndex,
    stream: record.stream,
    request_content: record.requestContent,
    response_content: record.responseContent,
  };
}

function latencyJson(latency: LatencySummary) {
  return { avg: latency.avg, p50: latency.p50, p90: latency.p90, p99: latency.p99 };
}

function totalsJson(totals: LogTotals) {
  return {
    requests: totals.requests,
    errors: totals.errors,
    error_rate: totals.errorRate,
    latency_ms: latencyJson(totals.latencyMs),
    prompt_tokens: totals.promptTokens,
    completion_tokens: totals.completionTokens,
    total_tokens: totals.totalTokens,
    cost_usd: totals.costUsd,
  };
}

function statsJson(stats: LogStats) {
  return {
    ...totalsJson(stats),
    groups: stats.groups.map((group) => ({ provider: group.provider, model: group.model, ...totalsJson(group) })),
  };
}

import { performance } from 'node:perf_hooks';
import type { RequestLogEntry } from '../logs/log-entry.js';
import type { RequestLog } from '../logs/request-log.js';
import type { Exchange } from './exchange.js';

/**
 * The request log's entry for an exchange whose response is over: what the
 * context gathered (provider, model, key, attempts, usage, cost) and what the
 * server saw (route, status, timing, bodies, error).
 */
export function toLogEntry(exchange: Exchange, route: string, operation: string | undefined, requestLog: RequestLog): RequestLogEntry {
  const { context, log } = exchange;
  const now = performance.now();
  const latencyMs = now - context.startedAt;
  const usage = context.usage;
  const stream = log?.firstEventAt !== undefined && log.firstEventAt > 0;
  return {
    timestamp: Math.round(Date.now() - latencyMs),
    requestId: context.requestId,
    method: exchange.req.method ?? 'GET',
    route,
    operation: operation ?? null,
    provider: context.provider ?? null,
    model: context.model ?? null,
    keyName: context.keyName ?? null,
    virtualKey: context.virtualKey ?? null,
    team: context.virtualKeyTeam ?? null,
    customer: context.virtualKeyCustomer ?? null,
    status: exchange.res.statusCode,
    errorCode: exchange.errorCode ?? null,
    errorMessage: exchange.errorCode === undefined ? null : (log?.errorMessage ?? null),
    latencyMs,
    ttftMs: stream ? log!.firstEventAt - context.startedAt : null,
    upstreamMs: context.upstreamMs,
    promptTokens: usage?.prompt_tokens ?? null,
    completionTokens: usage?.completion_tokens ?? null,
    totalTokens: usage?.total_tokens ?? null,
    costUsd: context.costUsd ?? null,
    cacheStatus: context.cacheStatus ?? null,
    attempts: context.attempts,
    fallbackIndex: context.fallbackIndex,
    stream,
    requestContent: requestLog.content(log?.requestBody),
    responseContent: requestLog.content(stream ? log!.transcript : log?.responseBody),
  };
}

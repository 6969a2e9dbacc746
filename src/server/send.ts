import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type GatewayError, toOpenAIError } from '../errors/index.js';
import type { Exchange } from './exchange.js';

/** Sends a JSON body with the exchange's headers. */
export function sendJson(exchange: Exchange, status: number, body: unknown, extra?: Record<string, string>): void {
  sendText(exchange.res, status, JSON.stringify(body), 'application/json', extra ? { ...exchange.headers, ...extra } : exchange.headers);
}

/** The one place a gateway error becomes an HTTP response: OpenAI's error JSON, its status, `retry-after`. */
export function sendError(exchange: Exchange, error: GatewayError): void {
  const { res } = exchange;
  if (res.headersSent || res.destroyed) {
    if (!res.writableEnded) res.end();
    return;
  }
  const headers: Record<string, string | string[]> = { ...exchange.headers, ...gatewayHeaders(exchange) };
  if (error.retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfter));
  sendText(res, error.status, JSON.stringify(toOpenAIError(error)), 'application/json', headers);
}

/**
 * Headers that say how the gateway served the request: `server-timing` with its
 * own time and the upstream time, and which provider, model and attempts served it.
 */
export function gatewayHeaders(exchange: Exchange): Record<string, string> {
  const { context } = exchange;
  const total = performance.now() - context.startedAt;
  const upstream = context.upstreamMs;
  const headers: Record<string, string> = {
    'server-timing': `gateway;dur=${(total - upstream).toFixed(3)}, upstream;dur=${upstream.toFixed(3)}`,
  };
  if (context.provider !== undefined) {
    headers['x-switchyard-provider'] = context.provider;
    headers['x-switchyard-model'] = context.model ?? '';
    headers['x-switchyard-attempts'] = String(context.attempts);
  }
  if (context.warnings.length > 0) headers['x-switchyard-warnings'] = context.warnings.join('; ').replace(/[^\x20-\x7e]/g, '?');
  return headers;
}

function sendText(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string | string[]>): void {
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

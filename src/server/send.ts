import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { GatewayError } from '../errors/index.js';
import type { Exchange } from './exchange.js';

/** Sends a JSON body with the exchange's headers and the gateway's own (`server-timing`, ...). */
export function sendJson(exchange: Exchange, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  exchange.log?.response(text);
  sendText(exchange.res, status, text, addGatewayHeaders(exchange));
}

/** The one place a gateway error becomes an HTTP response: the route's error JSON (OpenAI's by default), its status, `retry-after`. */
export function sendError(exchange: Exchange, error: GatewayError): void {
  const { res } = exchange;
  if (res.headersSent || res.destroyed) {
    if (!res.writableEnded) res.end();
    return;
  }
  const headers = addGatewayHeaders(exchange);
  if (error.retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfter));
  sendText(res, exchange.errorStatus?.(error) ?? error.status, JSON.stringify(exchange.errorBody(error)), headers);
}

/**
 * Adds to the exchange's headers those that say how the gateway served the
 * request: `server-timing` with its own time and the upstream time, and which
 * provider, model and attempts served it. Returns the headers.
 */
export function addGatewayHeaders(exchange: Exchange): Record<string, string | string[]> {
  const { context, headers } = exchange;
  const total = performance.now() - context.startedAt;
  const upstream = context.upstreamMs;
  headers['server-timing'] = `gateway;dur=${(total - upstream).toFixed(3)}, upstream;dur=${upstream.toFixed(3)}`;
  if (context.provider !== undefined) {
    headers['x-switchyard-provider'] = context.provider;
    headers['x-switchyard-model'] = context.model ?? '';
    headers['x-switchyard-attempts'] = String(context.attempts);
    if (context.fallbackIndex > 0) headers['x-switchyard-fallback-index'] = String(context.fallbackIndex);
    if (context.hedge !== undefined) headers['x-switchyard-hedge'] = context.hedge;
  }
  if (context.cacheStatus !== undefined) {
    headers['x-switchyard-cache'] = context.cacheStatus;
    if (context.cacheSimilarity !== undefined) headers['x-switchyard-cache-similarity'] = context.cacheSimilarity.toFixed(4);
  }
  // Known only once usage is: absent from a stream's headers, which are sent before its usage.
  if (context.costUsd !== undefined) headers['x-switchyard-cost-usd'] = formatUsd(context.costUsd);
  const { warnings } = context;
  if (warnings.length > 0) {
    // A request answered by several provider calls (a multi-prompt completion) may repeat a warning.
    const unique = warnings.length === 1 ? warnings : [...new Set(warnings)];
    headers['x-switchyard-warnings'] = unique.join('; ').replace(/[^\x20-\x7e]/g, '?');
  }
  return headers;
}

/** Dollars as a plain decimal (`0.000123`, never `1.23e-4`), to a millionth of a cent. */
function formatUsd(amount: number): string {
  const fixed = amount.toFixed(12);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function sendText(res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]>): void {
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

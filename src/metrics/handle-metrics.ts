import { errors } from '../errors/index.js';
import type { Gateway } from '../gateway.js';
import type { Exchange } from '../server/exchange.js';
import type { ServerState } from '../server/routes.js';
import { addGatewayHeaders } from '../server/send.js';

/** `GET /metrics`: the gateway's metrics in Prometheus' text exposition format (in cluster mode: every worker's, aggregated). */
export async function handleMetrics(gateway: Gateway, exchange: Exchange, state: ServerState): Promise<void> {
  const metrics = gateway.metrics;
  if (metrics === undefined) throw errors.routeNotFound('GET', exchange.path);
  const text = state.metricsExposition === undefined ? await metrics.exposition() : await state.metricsExposition();
  const headers = addGatewayHeaders(exchange);
  headers['content-type'] = metrics.registry.contentType;
  headers['content-length'] = String(Buffer.byteLength(text));
  exchange.res.writeHead(200, headers);
  exchange.res.end(text);
}

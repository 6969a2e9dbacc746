import { errors } from '../errors/index.js';
import type { Gateway } from '../gateway.js';
import type { Exchange } from '../server/exchange.js';
import { addGatewayHeaders } from '../server/send.js';

/** `GET /metrics`: the gateway's metrics in Prometheus' text exposition format. */
export async function handleMetrics(gateway: Gateway, exchange: Exchange): Promise<void> {
  const metrics = gateway.metrics;
  if (metrics === undefined) throw errors.routeNotFound('GET', exchange.path);
  const text = await metrics.exposition();
  const headers = addGatewayHeaders(exchange);
  headers['content-type'] = metrics.registry.contentType;
  headers['content-length'] = String(Buffer.byteLength(text));
  exchange.res.writeHead(200, headers);
  exchange.res.end(text);
}

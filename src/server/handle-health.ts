import type { Gateway } from '../gateway.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './send.js';

/** `GET /health`: 200 once providers are loaded, 503 while shutting down. */
export async function handleHealth(gateway: Gateway, exchange: Exchange, shuttingDown: boolean): Promise<void> {
  await gateway.ready();
  sendJson(exchange, shuttingDown ? 503 : 200, { status: shuttingDown ? 'shutting_down' : 'ok' });
}

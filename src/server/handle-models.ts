import type { Gateway } from '../gateway.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './send.js';

/** `GET /v1/models`: every configured provider's models as `provider/model`. */
export async function handleModels(gateway: Gateway, exchange: Exchange): Promise<void> {
  sendJson(exchange, 200, await gateway.listModels({ signal: exchange.context.signal }));
}

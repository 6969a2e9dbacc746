import type { Gateway } from '../gateway.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './send.js';

/** `GET /v1/models`: every configured provider's models as `provider/model`; `?provider=name` keeps one provider's. */
export async function handleModels(gateway: Gateway, exchange: Exchange): Promise<void> {
  const url = exchange.req.url ?? '';
  const query = url.indexOf('?');
  const provider = query === -1 ? undefined : (new URLSearchParams(url.slice(query + 1)).get('provider') ?? undefined);
  sendJson(exchange, 200, await gateway.listModels({ provider, signal: exchange.context.signal }));
}

import type { Gateway } from '../../gateway.js';
import type { Exchange } from '../exchange.js';
import { rawHeader } from '../raw-header.js';

/**
 * Takes the caller's own Gemini key (`x-goog-api-key`, else the `key` query parameter,
 * both as Google accepts them) as the request's direct key, only when
 * `client.allow_direct_keys` is on; otherwise the caller's credentials go nowhere.
 */
export function readDirectKey(gateway: Gateway, exchange: Exchange): void {
  if (gateway.config?.client.allow_direct_keys !== true) return;
  let key = rawHeader(exchange.req, 'x-goog-api-key');
  if (key === undefined) {
    const url = exchange.req.url ?? '';
    const query = url.indexOf('?');
    key = query === -1 ? undefined : (new URLSearchParams(url.slice(query + 1)).get('key') ?? undefined);
  }
  if (key !== undefined && key !== '') exchange.context.directKey = key;
}

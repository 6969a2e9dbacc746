import { errors, isGatewayError } from '../errors/index.js';
import type { Gateway } from '../gateway.js';
import type { CacheStore } from '../cache/cache-store.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './send.js';

/** `DELETE /api/cache/clear/{requestId}`: deletes the entries stored for one request's answer. */
export async function handleClearRequest(gateway: Gateway, exchange: Exchange): Promise<void> {
  const deleted = await cacheOf(gateway).deleteByRequestId(exchange.params.requestId!).catch(unavailable);
  sendJson(exchange, 200, { deleted });
}

/** `DELETE /api/cache/clear-by-key/{cacheKey}`: deletes every entry stored under an `x-bf-cache-key`. */
export async function handleClearCacheKey(gateway: Gateway, exchange: Exchange): Promise<void> {
  const deleted = await cacheOf(gateway).deleteByCacheKey(exchange.params.cacheKey!).catch(unavailable);
  sendJson(exchange, 200, { deleted });
}

/** `DELETE /api/cache/clear`: deletes every entry. */
export async function handleClearCache(gateway: Gateway, exchange: Exchange): Promise<void> {
  const deleted = await cacheOf(gateway).clear().catch(unavailable);
  sendJson(exchange, 200, { deleted });
}

function cacheOf(gateway: Gateway): CacheStore {
  if (gateway.cache === undefined) throw errors.cacheDisabled();
  return gateway.cache;
}

function unavailable(error: unknown): never {
  throw isGatewayError(error) ? error : errors.cacheUnavailable(error);
}

import type { IncomingMessage } from 'node:http';
import { rawHeader } from './raw-header.js';

/** CORS for browser callers, from `client.allowed_origins` (`*` allows any origin). */
export class Cors {
  readonly #any: boolean;
  readonly #origins: ReadonlySet<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.#any = allowedOrigins.includes('*');
    this.#origins = new Set(allowedOrigins);
  }

  get enabled(): boolean {
    return this.#any || this.#origins.size > 0;
  }

  /** Adds the CORS response headers for an allowed `Origin`; returns whether it was allowed. */
  apply(req: IncomingMessage, headers: Record<string, string | string[]>): boolean {
    const origin = rawHeader(req, 'origin');
    if (origin === undefined || !(this.#any || this.#origins.has(origin))) return false;
    headers['access-control-allow-origin'] = origin;
    headers.vary = 'Origin';
    headers['access-control-expose-headers'] = 'x-request-id, server-timing, x-switchyard-provider, x-switchyard-model, x-switchyard-attempts, x-switchyard-fallback-index, x-switchyard-hedge, x-switchyard-cost-usd, x-switchyard-cache, x-switchyard-cache-similarity, x-switchyard-warnings, retry-after';
    return true;
  }

  /** Headers of an answer to a preflight `OPTIONS` request. */
  preflight(req: IncomingMessage, headers: Record<string, string | string[]>): void {
    headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
    headers['access-control-allow-headers'] = rawHeader(req, 'access-control-request-headers') ?? 'authorization, content-type';
    headers['access-control-max-age'] = '600';
  }
}

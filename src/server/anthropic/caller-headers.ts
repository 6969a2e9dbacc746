import type { Gateway } from '../../gateway.js';
import type { Exchange } from '../exchange.js';
import { rawHeader } from '../raw-header.js';

/**
 * With `client.allow_direct_keys` on, the caller's `x-api-key`, or else its
 * `Authorization: Bearer` token, becomes the request's direct key (used instead
 * of the configured keys). Off, the caller's credentials are not read at all.
 */
export function takeAnthropicDirectKey(gateway: Gateway, exchange: Exchange): void {
  if (gateway.config?.client.allow_direct_keys !== true) return;
  const apiKey = rawHeader(exchange.req, 'x-api-key')?.trim();
  if (apiKey) {
    exchange.context.directKey = apiKey;
    return;
  }
  const authorization = rawHeader(exchange.req, 'authorization');
  const bearer = authorization === undefined ? undefined : /^bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer !== undefined) exchange.context.directKey = bearer;
}

/**
 * The caller's Anthropic headers to pass through to an Anthropic provider:
 * `anthropic-beta` and every other `anthropic-*` header but `anthropic-version`,
 * which the adapter sets. Repeated headers are joined with commas, as HTTP allows.
 */
export function anthropicForwardHeaders(exchange: Exchange): Record<string, string> | undefined {
  const raw = exchange.req.rawHeaders;
  let headers: Record<string, string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!name.startsWith('anthropic-') || name === 'anthropic-version') continue;
    headers ??= {};
    headers[name] = headers[name] === undefined ? raw[i + 1] : `${headers[name]},${raw[i + 1]}`;
  }
  return headers;
}

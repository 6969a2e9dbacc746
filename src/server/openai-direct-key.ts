import type { IncomingMessage } from 'node:http';
import type { Exchange } from './exchange.js';
import { rawHeader } from './raw-header.js';
import type { Handler } from './routes.js';

/**
 * Wraps a handler of the OpenAI surface: with `client.allow_direct_keys` on, the
 * caller's Azure `api-key` header, or else its `Authorization: Bearer` token, becomes
 * the request's direct key (used instead of the configured keys). Off, nothing is read.
 */
export function withOpenAIDirectKey(handler: Handler): Handler {
  return (gateway, exchange, state) => {
    if (gateway.config?.client.allow_direct_keys === true) setOpenAIDirectKey(exchange);
    return handler(gateway, exchange, state);
  };
}

function setOpenAIDirectKey(exchange: Exchange): void {
  const key = openAIDirectKey(exchange.req);
  if (key !== undefined) exchange.context.directKey = key;
}

/** The provider key an OpenAI or Azure OpenAI client sent: `api-key`, else a bearer token. */
export function openAIDirectKey(req: IncomingMessage): string | undefined {
  const apiKey = rawHeader(req, 'api-key')?.trim();
  if (apiKey) return apiKey;
  const authorization = rawHeader(req, 'authorization');
  if (authorization === undefined) return undefined;
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(authorization);
  return bearer?.[1];
}

import { errors, type GatewayError } from '../../errors/index.js';
import { mapHttpError, type ProviderErrorDetails } from '../shared/map-http-error.js';

type Headers = Record<string, string | string[] | undefined>;

/**
 * Reads a Cohere error answer (`{"message": "..."}`, https://docs.cohere.com/v2/reference/errors)
 * and maps its status. Cohere has no error codes: context overflow ("too many tokens: ..."),
 * refusals and overload are recognized by their wording. 503 means overloaded;
 * 498 (invalid token) is an auth failure; 499 (request cancelled on Cohere's side) is transient.
 */
export function fromCohereError(provider: string, status: number, headers: Headers, text: string): GatewayError {
  const message = readMessage(text) ?? (text.trim() === '' ? `HTTP ${status}` : text.trim());
  if (status === 498) return errors.providerAuthFailed(provider, status, message);
  if (status === 499) return errors.upstreamError(provider, status, message);
  const kind = kindOf(message) ?? (status === 503 ? 'overloaded' : undefined);
  return mapHttpError(provider, status, headers, { message, kind });
}

/**
 * Maps a generation that failed after the answer began: a stream's `message-end` with
 * `finish_reason: "ERROR"` (its `delta.error` the message), or such a finish without streaming.
 * There is no status, so one is read from the wording.
 */
export function fromCohereFailure(provider: string, message: string | null | undefined): GatewayError {
  const text = message === null || message === undefined || message.trim() === '' ? 'the generation failed (finish_reason ERROR)' : message;
  const kind = kindOf(text);
  const status = kind === 'context-length' || kind === 'content-policy' ? 400 : /rate limit|too many requests/i.test(text) ? 429 : 500;
  return mapHttpError(provider, status, {}, { message: text, kind });
}

function readMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown } | null;
    if (typeof body?.message === 'string') return body.message;
    if (typeof body?.error === 'string') return body.error;
  } catch {
    // not JSON: the text is the message
  }
  return undefined;
}

/** Cohere's wordings for errors the gateway names on their own. */
function kindOf(message: string): ProviderErrorDetails['kind'] {
  if (/too many tokens|context (?:length|window)|maximum context/i.test(message)) return 'context-length';
  if (/content policy|blocked (?:by|due to)|flagged as|unsafe content|toxic/i.test(message)) return 'content-policy';
  if (/overloaded|over capacity|temporarily unavailable/i.test(message)) return 'overloaded';
  return undefined;
}

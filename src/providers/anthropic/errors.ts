import type { GatewayError } from '../../errors/index.js';
import { mapHttpError, type ProviderErrorDetails } from '../shared/map-http-error.js';

/**
 * The HTTP status of each Anthropic error type, for errors that arrive without one
 * (an `error` event inside a stream). https://docs.claude.com/en/api/errors
 */
export const anthropicErrorStatus: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
} satisfies Record<string, number>;

/**
 * Reads an Anthropic error body (`{"type": "error", "error": {"type", "message"}, "request_id"}`)
 * and maps it with its status. A body of another shape keeps its text as the message.
 */
export function fromAnthropicError(
  provider: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): GatewayError {
  let message = text.trim() === '' ? `HTTP ${status}` : text.trim();
  let code: string | undefined;
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const error = body.error;
    if (error !== null && typeof error === 'object') {
      const fields = error as { type?: unknown; message?: unknown };
      if (typeof fields.message === 'string') message = fields.message;
      if (typeof fields.type === 'string') code = fields.type;
    } else if (typeof body.message === 'string') {
      message = body.message;
    }
  } catch {
    // not JSON (a proxy's error page): the text is the message
  }
  return mapHttpError(provider, status, headers, { message, code, kind: kindOf(code, message) });
}

/** Maps the `error` of an in-stream `error` event, which carries no status of its own. */
export function fromAnthropicStreamError(provider: string, error: unknown): GatewayError {
  const fields = (error ?? {}) as { type?: unknown; message?: unknown };
  const type = typeof fields.type === 'string' ? fields.type : 'api_error';
  const message = typeof fields.message === 'string' ? fields.message : 'error event without a message';
  return mapHttpError(provider, anthropicErrorStatus[type] ?? 500, {}, { message, code: type, kind: kindOf(type, message) });
}

/**
 * What the status alone does not say. Anthropic words a context overflow as
 * "prompt is too long: 201234 tokens > 200000 maximum" (or "input length and
 * `max_tokens` exceed context limit"), and a streaming-classifier block as
 * "Output blocked by content filtering policy".
 */
function kindOf(type: string | undefined, message: string): ProviderErrorDetails['kind'] {
  if (type === 'overloaded_error') return 'overloaded';
  if (type !== undefined && type !== 'invalid_request_error') return undefined;
  if (/prompt is too long|exceeds? (the )?context (limit|window)|context window/i.test(message)) return 'context-length';
  if (/content filtering policy|content policy/i.test(message)) return 'content-policy';
  return undefined;
}

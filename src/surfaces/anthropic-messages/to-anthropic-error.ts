import type { ErrorInfo } from '../../api/index.js';
import type { AnthropicErrorBody } from './wire.js';

/** Anthropic's error type for each HTTP status it documents. https://docs.claude.com/en/api/errors */
const typesByStatus: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
} satisfies Record<number, string>;

/** Gateway codes whose Anthropic status differs from the gateway's own: an overloaded provider is Anthropic's 529. */
const statusByCode: Readonly<Record<string, number>> = {
  upstream_overloaded: 529,
} satisfies Record<string, number>;

/** The status an Anthropic client expects for a gateway error (529 for an overloaded provider; otherwise the gateway's). */
export function toAnthropicStatus(error: Pick<ErrorInfo, 'code' | 'status'>): number {
  return statusByCode[error.code] ?? error.status;
}

/** Anthropic's error `type` for a gateway error, from its Anthropic status. */
export function toAnthropicErrorType(error: Pick<ErrorInfo, 'code' | 'status'>): string {
  const status = toAnthropicStatus(error);
  return typesByStatus[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/**
 * A gateway error as Anthropic's error body, `{"type": "error", "error": {"type", "message"}}`:
 * the body of every error answer on the Anthropic routes, and the data of an in-stream `error` event.
 */
export function toAnthropicError(error: Pick<ErrorInfo, 'code' | 'status' | 'message'>): AnthropicErrorBody {
  return { type: 'error', error: { type: toAnthropicErrorType(error), message: error.message } };
}

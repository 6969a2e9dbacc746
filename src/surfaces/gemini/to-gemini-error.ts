import type { ErrorInfo } from '../../api/index.js';
import type { GeminiErrorBody } from './wire.js';

/**
 * Google's canonical status for each HTTP status the gateway answers with
 * (`google.rpc.Code`, https://cloud.google.com/apis/design/errors#handling_errors).
 * 502 has no code of its own there; like gRPC's HTTP mapping, it is `UNAVAILABLE`.
 */
const statusByHttpStatus: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'UNIMPLEMENTED',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  422: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
} satisfies Record<number, string>;

/** What the error body reads of a `GatewayError` (an `ErrorInfo` plus what only a thrown error has). */
type ErrorFields = ErrorInfo & { provider?: string; retryAfter?: number };

/**
 * An error in Google's shape: `{"error": {"code", "message", "status", "details"}}`, the
 * code being the HTTP status answered. `details` carries a `google.rpc.ErrorInfo` whose
 * `reason` is the gateway's stable error code (upper case) and, when the caller should
 * wait, a `google.rpc.RetryInfo`, as Google sends them.
 */
export function toGeminiError(error: ErrorFields): GeminiErrorBody {
  const metadata: Record<string, string> = { code: error.code };
  if (error.provider !== undefined) metadata.provider = error.provider;
  if (error.param != null) metadata.param = error.param;
  const details: Array<Record<string, unknown>> = [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: error.code.toUpperCase(), domain: 'switchyard', metadata },
  ];
  if (error.retryAfter !== undefined) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${Math.ceil(error.retryAfter)}s` });
  return { error: { code: error.status, message: error.message, status: geminiStatusOf(error.status), details } };
}

/** Google's status word for an HTTP status (`INTERNAL` for a 5xx without one, `INVALID_ARGUMENT` for a 4xx). */
export function geminiStatusOf(status: number): string {
  return statusByHttpStatus[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
}

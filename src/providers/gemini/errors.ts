import type { GatewayError } from '../../errors/index.js';
import { mapHttpError } from '../shared/map-http-error.js';

/** Google's error object: `{"error": {"code", "message", "status", "details"}}` (https://ai.google.dev/gemini-api/docs/troubleshooting). */
interface GoogleError {
  code?: unknown;
  message?: unknown;
  status?: unknown;
  details?: Array<{ '@type'?: string; reason?: string; retryDelay?: string }>;
}

const contextLength = /exceeds the maximum number of tokens|input token count .*exceeds|context (window|length) .*exceed/i;

/**
 * Reads a Google API error body and maps it: `RESOURCE_EXHAUSTED` (429) is a rate
 * limit whose `RetryInfo.retryDelay` becomes the retry-after when no header says it,
 * `UNAVAILABLE` (503) an overloaded provider, an invalid API key (which Google answers
 * with 400 `API_KEY_INVALID`) an auth failure, a prompt over the model's window a
 * context-length error.
 */
export function fromGeminiError(
  provider: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): GatewayError {
  const error = readGoogleError(text);
  const message = typeof error?.message === 'string' ? error.message : text.trim() === '' ? `HTTP ${status}` : text.trim();
  const code = typeof error?.status === 'string' ? error.status : undefined;
  const details = Array.isArray(error?.details) ? error.details : [];
  let mappedStatus = status;
  if (details.some((detail) => detail?.reason === 'API_KEY_INVALID') || (status === 400 && /API key not valid/i.test(message))) mappedStatus = 401;
  const retryDelay = details.find((detail) => typeof detail?.retryDelay === 'string')?.retryDelay;
  const withRetry = retryDelay !== undefined && headers['retry-after'] === undefined ? { ...headers, 'retry-after': secondsOf(retryDelay) } : headers;
  let kind: 'context-length' | 'overloaded' | undefined;
  if (contextLength.test(message)) kind = 'context-length';
  else if (status === 503 || code === 'UNAVAILABLE') kind = 'overloaded';
  return mapHttpError(provider, mappedStatus, withRetry, { message, code, kind });
}

/** The error object of a body: `{error}`, or `[{error}]` as the JSON-array stream endpoint sends it. */
function readGoogleError(text: string): GoogleError | undefined {
  try {
    let body = JSON.parse(text) as unknown;
    if (Array.isArray(body)) body = body[0];
    const error = (body as { error?: unknown } | null)?.error;
    return error !== null && typeof error === 'object' ? (error as GoogleError) : undefined;
  } catch {
    return undefined;
  }
}

/** A protobuf Duration (`"37s"`, `"1.5s"`) as whole seconds, for a Retry-After value. */
function secondsOf(duration: string): string {
  const seconds = Number.parseFloat(duration);
  return Number.isFinite(seconds) ? String(Math.ceil(seconds)) : '';
}

const statusByGrpcStatus: Readonly<Record<string, number>> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} satisfies Record<string, number>;

/**
 * The HTTP status of an error object sent inside a stream: its `code` when it is one,
 * else read from its gRPC `status`.
 */
export function inStreamErrorStatus(error: unknown): number {
  const fields = (error ?? {}) as GoogleError;
  if (typeof fields.code === 'number' && fields.code >= 400 && fields.code < 600) return fields.code;
  return statusByGrpcStatus[String(fields.status)] ?? 500;
}

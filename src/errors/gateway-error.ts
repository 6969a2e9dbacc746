import type { FailureClass } from './failure-class.js';

/** Everything a `GatewayError` carries; built only by the factories in `error-codes.ts`. */
export interface GatewayErrorInit {
  code: string;
  message: string;
  status: number;
  /** OpenAI error `type` (`invalid_request_error`, `rate_limit_error`, ...). */
  type: string;
  failureClass: FailureClass;
  param?: string | null;
  provider?: string;
  /** Seconds the caller should wait before retrying (from the provider's `Retry-After`). */
  retryAfter?: number;
  /** Status the provider answered with, when the error came from upstream. */
  upstreamStatus?: number;
  cause?: unknown;
}

/**
 * The one error type of the gateway. Its `code` is stable and documented in
 * `docs/errors.md`; `failureClass` drives retries and fallbacks.
 */
export class GatewayError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: string;
  readonly failureClass: FailureClass;
  readonly param: string | null;
  readonly provider: string | undefined;
  readonly retryAfter: number | undefined;
  readonly upstreamStatus: number | undefined;

  constructor(init: GatewayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GatewayError';
    this.code = init.code;
    this.status = init.status;
    this.type = init.type;
    this.failureClass = init.failureClass;
    this.param = init.param ?? null;
    this.provider = init.provider;
    this.retryAfter = init.retryAfter;
    this.upstreamStatus = init.upstreamStatus;
  }
}

/** Whether a value is a `GatewayError` (also across package copies). */
export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError || (value instanceof Error && value.name === 'GatewayError' && 'failureClass' in value);
}

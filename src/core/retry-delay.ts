import type { GatewayError } from '../errors/index.js';
import { isRetryable } from '../errors/index.js';

/** A provider's retry settings (`network_config`). */
export interface RetryPolicy {
  maxRetries: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Longest wait the gateway accepts before giving up (the request timeout). */
  maxWaitMs: number;
}

/**
 * How long to wait before retry number `retry` (1-based) after `error`, or
 * `undefined` when the error must not be retried. Exponential backoff with
 * jitter (between half and all of the step), raised to the provider's
 * `Retry-After` when it sent one.
 */
export function retryDelay(error: GatewayError, retry: number, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (retry > policy.maxRetries || !isRetryable(error.failureClass)) return undefined;
  const step = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (retry - 1));
  const backoff = step / 2 + random() * (step / 2);
  const retryAfterMs = error.retryAfter === undefined ? 0 : error.retryAfter * 1000;
  const delay = Math.max(backoff, retryAfterMs);
  return delay > policy.maxWaitMs ? undefined : delay;
}

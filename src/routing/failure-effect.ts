import type { FailureClass, GatewayError } from '../errors/index.js';

/**
 * What a failed attempt says about its target:
 * - `none`: nothing (the caller's request was wrong, the caller went away, or the gateway failed);
 * - `counts`: the target is failing: it counts toward the circuit breaker and the health score;
 * - `refused`: it counts, and the provider refused the key: it cools down for `credential_cooldown_seconds`.
 * A `rate-limit` failure with a `Retry-After` also cools the key for that long.
 */
export type FailureEffect = 'none' | 'counts' | 'refused';

/** The effect of each failure class. */
export const failureEffects = {
  caller: 'none',
  cancelled: 'none',
  internal: 'none',
  transient: 'counts',
  timeout: 'counts',
  'rate-limit': 'counts',
  credential: 'refused',
  quota: 'refused',
} as const satisfies Record<FailureClass, FailureEffect>;

/** Failures of the gateway's own queue: they say nothing of the target (the request never reached it). */
const ownQueueCodes: ReadonlySet<string> = new Set(['provider_queue_full', 'provider_queue_timeout']);

/** The effect of one failure: by its class, except that the gateway's own queue refusing a request says nothing of the target. */
export function failureEffect(failure: GatewayError): FailureEffect {
  return ownQueueCodes.has(failure.code) ? 'none' : failureEffects[failure.failureClass];
}

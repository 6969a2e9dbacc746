import type { FailureClass } from '../errors/index.js';

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

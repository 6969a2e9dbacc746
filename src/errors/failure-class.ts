/**
 * Why a request failed, in the terms retry, fallback and cooldown decide on.
 * Nothing reads error messages: every decision reads this class.
 */
export type FailureClass =
  /** The request itself is wrong; retrying or another target will not help. */
  | 'caller'
  /** The provider rejected the gateway's credentials. */
  | 'credential'
  /** The provider or the gateway is rate limiting; wait and retry. */
  | 'rate-limit'
  /** The provider account is out of quota or credit. */
  | 'quota'
  /** A network failure, a 5xx or an overloaded provider; may succeed on retry. */
  | 'transient'
  /** The provider did not answer in time. */
  | 'timeout'
  /** The caller went away or aborted. */
  | 'cancelled'
  /** A defect in the gateway itself. */
  | 'internal';

const retryable: ReadonlySet<FailureClass> = new Set<FailureClass>(['transient', 'rate-limit', 'timeout']);

/** Whether another attempt at the same provider may succeed. */
export function isRetryable(failureClass: FailureClass): boolean {
  return retryable.has(failureClass);
}

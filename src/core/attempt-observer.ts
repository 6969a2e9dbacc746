import type { GatewayError } from '../errors/index.js';
import type { RequestContext } from './request-context.js';

/**
 * Told of every upstream attempt as it ends (the gateway's metrics, its traces):
 * retries, key swaps and fallback targets each count. Called on the hot path: it
 * must be cheap and must not throw.
 */
export interface AttemptObserver {
  attempt(provider: string, model: string, keyName: string | undefined, latencyMs: number, failure: GatewayError | undefined, context?: RequestContext): void;
}

/** One observer that tells each of `observers` in turn. */
export function combineObservers(...observers: AttemptObserver[]): AttemptObserver {
  return {
    attempt(provider, model, keyName, latencyMs, failure, context) {
      for (const observer of observers) observer.attempt(provider, model, keyName, latencyMs, failure, context);
    },
  };
}

import type { GatewayError } from '../errors/index.js';

/**
 * Told of every upstream attempt as it ends (the gateway's metrics): retries, key
 * swaps and fallback targets each count. Called on the hot path: it must be cheap
 * and must not throw.
 */
export interface AttemptObserver {
  attempt(provider: string, model: string, keyName: string | undefined, latencyMs: number, failure: GatewayError | undefined): void;
}

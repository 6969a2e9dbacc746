import { performance } from 'node:perf_hooks';
import { errors, type GatewayError, toGatewayError } from '../errors/index.js';
import type { ProviderKey } from '../providers/contract.js';
import { sleep } from '../providers/shared/sleep.js';
import type { ProviderRuntime } from './provider-runtime.js';
import type { RequestContext } from './request-context.js';
import { retryDelay } from './retry-delay.js';
import { keysForModel, pickWeighted } from './select-key.js';

/** Options of `callProvider`. */
export interface CallOptions<T> {
  runtime: ProviderRuntime;
  model: string;
  context: RequestContext;
  /** One attempt with one key. */
  attempt: (key: ProviderKey) => Promise<T>;
  /** Keep the concurrency slot after success (a stream releases it when it ends). */
  holdSlot?: boolean;
  random?: () => number;
}

/**
 * Calls a provider: picks a key that serves the model (weighted), takes a
 * concurrency slot, and makes the attempt. A key the provider refuses
 * (credentials, quota) is swapped at once for another key not yet tried; other
 * retryable failures are retried as the provider's `network_config` says
 * (backoff, `max_retries`), preferring keys not yet tried.
 */
export async function callProvider<T>(options: CallOptions<T>): Promise<T> {
  const { runtime, model, context } = options;
  const candidates = keysForModel(await runtime.keys(), model);
  if (candidates.length === 0) throw errors.modelNotFound(runtime.name, model);

  let tried: ProviderKey[] | undefined;
  let retries = 0;
  for (;;) {
    const key = tried === undefined ? pickWeighted(candidates, options.random) : pickUntried(candidates, tried, options.random);
    const waiting = runtime.limiter?.acquire(context.signal);
    if (waiting) await waiting;
    context.keyName = key.name;
    context.attempts++;
    const startedAt = performance.now();
    let failure: GatewayError;
    try {
      const result = await options.attempt(key);
      context.upstreamMs += performance.now() - startedAt;
      if (!options.holdSlot) runtime.limiter?.release();
      return result;
    } catch (error) {
      context.upstreamMs += performance.now() - startedAt;
      runtime.limiter?.release();
      failure = toGatewayError(error);
    }
    if (context.signal?.aborted) throw errors.requestCancelled();
    (tried ??= []).push(key);

    const keyRefused = failure.failureClass === 'credential' || failure.failureClass === 'quota';
    if (keyRefused) {
      if (tried.length >= candidates.length) throw failure;
      continue;
    }
    const delay = retryDelay(failure, ++retries, runtime.retry, options.random);
    if (delay === undefined) throw failure;
    await sleep(delay, context.signal);
  }
}

/** A weighted pick among keys not tried yet; when every key was tried, among all. */
function pickUntried(candidates: readonly ProviderKey[], tried: readonly ProviderKey[], random?: () => number): ProviderKey {
  if (candidates.length === 1) return candidates[0];
  const fresh = candidates.filter((key) => !tried.includes(key));
  return pickWeighted(fresh.length > 0 ? fresh : candidates, random);
}

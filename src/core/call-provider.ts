import { performance } from 'node:perf_hooks';
import { errors, isGatewayError, type GatewayError } from '../errors/index.js';
import type { ProviderKey } from '../providers/contract.js';
import type { ProviderRuntime } from './provider-runtime.js';
import type { RequestContext } from './request-context.js';
import { retryDelay } from './retry-delay.js';
import { keysForModel, pickWeighted } from './select-key.js';
import { sleep } from './sleep.js';

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
 * concurrency slot, makes the attempt, and retries as the provider's
 * `network_config` says when the failure class allows it.
 */
export async function callProvider<T>(options: CallOptions<T>): Promise<T> {
  const { runtime, model, context } = options;
  const candidates = keysForModel(await runtime.keys(), model);
  if (candidates.length === 0) throw errors.modelNotFound(runtime.name, model);

  for (let retry = 0; ; retry++) {
    const key = pickWeighted(candidates, options.random);
    context.keyName = key.name;
    context.attempts++;
    const waiting = runtime.limiter?.acquire(context.signal);
    if (waiting) await waiting;
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
      failure = isGatewayError(error) ? error : errors.internal(error);
    }
    if (context.signal?.aborted) throw errors.requestCancelled();
    const delay = retryDelay(failure, retry + 1, runtime.retry, options.random);
    if (delay === undefined) throw failure;
    await sleep(delay, context.signal);
  }
}

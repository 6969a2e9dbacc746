import { performance } from 'node:perf_hooks';
import { errors, type GatewayError, toGatewayError } from '../errors/index.js';
import type { ProviderKey } from '../providers/contract.js';
import { sleep } from '../providers/shared/sleep.js';
import type { AttemptObserver } from './attempt-observer.js';
import type { ProviderRuntime } from './provider-runtime.js';
import type { RequestContext } from './request-context.js';
import { toDirectKey } from './direct-key.js';
import { retryDelay } from './retry-delay.js';
import type { HealthBook } from '../routing/health-book.js';
import { tokensOf } from '../routing/tokens-of.js';
import { keysForModel } from './select-key.js';

/** Options of `callProvider`. */
export interface CallOptions<T> {
  runtime: ProviderRuntime;
  model: string;
  context: RequestContext;
  /** One attempt with one key. */
  attempt: (key: ProviderKey) => Promise<T>;
  /** Keep the concurrency slot after success (a stream releases it when it ends). */
  holdSlot?: boolean;
  /** Chooses keys and learns from each attempt's outcome. */
  health: HealthBook;
  /** Random source for backoff jitter. */
  random?: () => number;
  /** A caller's own key (`client.allow_direct_keys` on): the only key used, with no other to turn to. */
  directKey?: string;
  /** Told of each attempt's outcome (metrics). */
  observer?: AttemptObserver;
}

/**
 * Calls a provider: picks a key that serves the model (weighted), takes a
 * concurrency slot, and makes the attempt. A key the provider refuses
 * (credentials, quota) is swapped at once for another key not yet tried; other
 * retryable failures are retried as the provider's `network_config` says
 * (backoff, `max_retries`), preferring keys not yet tried. With `directKey`, that
 * key alone is used (see `toDirectKey`). A virtual key limited to some of the
 * provider's keys (`context.allowedKeyNames`) uses only those: none serving the
 * model is `model_not_found`, as with no key at all.
 */
export function callProvider<T>(options: CallOptions<T>): Promise<T> {
  if (options.directKey !== undefined) return withKeys(options).catch((error: unknown) => Promise.reject(callerKeyFailure(options.runtime.name, error)));
  return withKeys(options);
}

function withKeys<T>(options: CallOptions<T>): Promise<T> {
  const keys = options.runtime.keys();
  if (!Array.isArray(keys)) return (keys as Promise<readonly ProviderKey[]>).then((resolved) => firstAttempt(options, resolved));
  return firstAttempt(options, keys as readonly ProviderKey[]);
}

/**
 * The first attempt, written without an async frame: most requests succeed at
 * once, and a frame kept for each of thousands of slow requests in flight costs
 * garbage-collector time. Failures continue in `retry`.
 */
function firstAttempt<T>(options: CallOptions<T>, keys: readonly ProviderKey[]): Promise<T> {
  const { runtime, model, context } = options;
  let candidates = options.directKey === undefined ? keysForModel(keys, model) : [toDirectKey(runtime.adapter, keys, model, options.directKey)];
  const allowed = context.allowedKeyNames;
  if (allowed !== undefined && options.directKey === undefined && allowed.provider === runtime.name) candidates = onlyAllowed(candidates, allowed.names);
  if (candidates.length === 0) return Promise.reject(errors.modelNotFound(runtime.name, model));
  const key = options.health.pick(candidates, weightOf, runtime.strategy);
  if (key === undefined) return Promise.reject(errors.targetsUnavailable(runtime.name, model, options.health.retryAfterMs(candidates) / 1000));
  const waiting = runtime.limiter?.acquire(context.signal);
  if (waiting) return waiting.then(() => attemptWith(options, candidates, key));
  return attemptWith(options, candidates, key);
}

function attemptWith<T>(options: CallOptions<T>, candidates: readonly ProviderKey[], key: ProviderKey): Promise<T> {
  const { runtime, context } = options;
  context.keyName = key.name;
  context.attempts++;
  const { health } = options;
  health.start(key);
  const startedAt = performance.now();
  let pending: Promise<T>;
  try {
    pending = options.attempt(key);
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.then(
    (result) => {
      const latencyMs = performance.now() - startedAt;
      context.upstreamMs += latencyMs;
      health.finish(key, { latencyMs, tokens: tokensOf(result) });
      options.observer?.attempt(runtime.name, options.model, key.name, latencyMs, undefined, context);
      if (!options.holdSlot) runtime.limiter?.release();
      return result;
    },
    (error: unknown) => {
      const latencyMs = performance.now() - startedAt;
      context.upstreamMs += latencyMs;
      const failure = toGatewayError(error);
      health.finish(key, { latencyMs, failure });
      options.observer?.attempt(runtime.name, options.model, key.name, latencyMs, failure, context);
      runtime.limiter?.release();
      return retry(options, candidates, key, failure);
    },
  );
}

/**
 * After a failed attempt: swap a refused key at once; move a rate-limited request to
 * a key not yet tried at once (within the retry budget); otherwise back off and
 * retry, as the failure class allows.
 */
async function retry<T>(options: CallOptions<T>, candidates: readonly ProviderKey[], failedKey: ProviderKey, firstFailure: GatewayError): Promise<T> {
  const { runtime, context } = options;
  const tried: ProviderKey[] = [failedKey];
  let failure = firstFailure;
  let retries = 0;
  for (;;) {
    if (context.signal?.aborted) throw errors.requestCancelled();
    const keyRefused = failure.failureClass === 'credential' || failure.failureClass === 'quota';
    if (keyRefused) {
      if (tried.length >= candidates.length) throw failure;
    } else if (failure.failureClass === 'rate-limit' && tried.length < candidates.length) {
      // Another key is not limited: retry on it at once, within the retry budget, instead of waiting out this key's limit.
      if (failure.code !== 'rate_limited' || ++retries > runtime.retry.maxRetries) throw failure;
    } else {
      const delay = retryDelay(failure, ++retries, runtime.retry, options.random);
      if (delay === undefined) throw failure;
      await sleep(delay, context.signal);
    }
    const key = options.health.pick(candidates, weightOf, runtime.strategy, tried);
    if (key === undefined) throw failure;
    const waiting = runtime.limiter?.acquire(context.signal);
    if (waiting) await waiting;
    context.keyName = key.name;
    context.attempts++;
    options.health.start(key);
    const startedAt = performance.now();
    try {
      const result = await options.attempt(key);
      const latencyMs = performance.now() - startedAt;
      context.upstreamMs += latencyMs;
      options.health.finish(key, { latencyMs, tokens: tokensOf(result) });
      options.observer?.attempt(runtime.name, options.model, key.name, latencyMs, undefined, context);
      if (!options.holdSlot) runtime.limiter?.release();
      return result;
    } catch (error) {
      const latencyMs = performance.now() - startedAt;
      context.upstreamMs += latencyMs;
      failure = toGatewayError(error);
      options.health.finish(key, { latencyMs, failure });
      options.observer?.attempt(runtime.name, options.model, key.name, latencyMs, failure, context);
      runtime.limiter?.release();
    }
    tried.push(key);
  }
}

/** The keys among `candidates` a virtual key's `key_ids` allow (governance), matched by the key's `id` or `name`. */
function onlyAllowed(candidates: readonly ProviderKey[], names: readonly string[]): ProviderKey[] {
  return candidates.filter((key) => (key.id !== undefined && names.includes(key.id)) || (key.name !== undefined && names.includes(key.name)));
}

/** A refused direct key is the caller's failure, not the gateway's. */
function callerKeyFailure(provider: string, error: unknown): GatewayError {
  const failure = toGatewayError(error);
  return failure.failureClass === 'credential' ? errors.directKeyRejected(failure.provider ?? provider, failure.upstreamStatus, failure) : failure;
}

const weightOf = (key: ProviderKey): number => key.weight;

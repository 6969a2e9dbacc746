import { describe, expect, it } from 'vitest';
import { errors } from '../errors/index.js';
import { type RetryPolicy, retryDelay } from './retry-delay.js';

const policy: RetryPolicy = { maxRetries: 10, initialBackoffMs: 500, maxBackoffMs: 5000, maxWaitMs: 30_000 };
const transient = errors.upstreamError('openai', 503, 'overloaded');
const top = () => 0.999999999;
const bottom = () => 0;

describe('retryDelay', () => {
  it('doubles the backoff step with each retry until it reaches the maximum', () => {
    const steps = [1, 2, 3, 4, 5, 6, 7].map((retry) => retryDelay(transient, retry, policy, () => 1));
    expect(steps).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('jitters between half and all of the step', () => {
    expect(retryDelay(transient, 3, policy, bottom)).toBe(1000);
    expect(retryDelay(transient, 3, policy, () => 0.5)).toBe(1500);
    expect(retryDelay(transient, 3, policy, top)).toBeCloseTo(2000, 3);
    for (let i = 0; i <= 100; i++) {
      const delay = retryDelay(transient, 5, policy, () => i / 101)!;
      expect(delay).toBeGreaterThanOrEqual(2500);
      expect(delay).toBeLessThan(5000);
    }
  });

  it('waits at least as long as the provider asked with Retry-After', () => {
    const limited = errors.rateLimited('openai', 'slow down', 3);
    expect(retryDelay(limited, 1, policy, top)).toBe(3000);
  });

  it('keeps the backoff when it is longer than Retry-After', () => {
    const limited = errors.rateLimited('openai', 'slow down', 1);
    expect(retryDelay(limited, 4, policy, bottom)).toBe(2000);
  });

  it('gives up when Retry-After is longer than the request timeout', () => {
    const limited = errors.rateLimited('openai', 'slow down', 60);
    expect(retryDelay(limited, 1, { ...policy, maxWaitMs: 30_000 }, bottom)).toBeUndefined();
  });

  it('retries transient, rate-limit and timeout failures', () => {
    expect(retryDelay(transient, 1, policy, bottom)).toBe(250);
    expect(retryDelay(errors.rateLimited('openai', 'x'), 1, policy, bottom)).toBe(250);
    expect(retryDelay(errors.upstreamTimeout('openai', 30), 1, policy, bottom)).toBe(250);
    expect(retryDelay(errors.providerQueueFull('openai'), 1, policy, bottom)).toBe(250);
  });

  it('does not retry caller, credential, quota, cancelled or internal failures', () => {
    for (const error of [
      errors.upstreamBadRequest('openai', 400, 'bad'),
      errors.invalidRequest('bad'),
      errors.providerAuthFailed('openai', 401, 'bad key'),
      errors.quotaExceeded('openai', 429, 'no credit'),
      errors.requestCancelled(),
      errors.internal(new Error('bug')),
    ]) {
      expect(retryDelay(error, 1, policy, bottom), error.code).toBeUndefined();
    }
  });

  it('stops after max_retries', () => {
    expect(retryDelay(transient, 2, { ...policy, maxRetries: 2 }, bottom)).toBe(500);
    expect(retryDelay(transient, 3, { ...policy, maxRetries: 2 }, bottom)).toBeUndefined();
    expect(retryDelay(transient, 1, { ...policy, maxRetries: 0 }, bottom)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { errors } from '../errors/index.js';
import { failureEffect } from './failure-effect.js';

describe('failureEffect', () => {
  it('counts what the provider did against the target, and refusals of its key apart', () => {
    expect(failureEffect(errors.upstreamError('p', 500, 'boom'))).toBe('counts');
    expect(failureEffect(errors.rateLimited('p', 'slow down', 3))).toBe('counts');
    expect(failureEffect(errors.providerAuthFailed('p', 401, 'bad key'))).toBe('refused');
    expect(failureEffect(errors.quotaExceeded('p', 429, 'no credit'))).toBe('refused');
  });

  it("holds nothing against the target for the caller's errors, cancellations, or the gateway's own queue", () => {
    expect(failureEffect(errors.upstreamBadRequest('p', 400, 'bad'))).toBe('none');
    expect(failureEffect(errors.requestCancelled())).toBe('none');
    expect(failureEffect(errors.providerQueueFull('p'))).toBe('none');
    expect(failureEffect(errors.providerQueueTimeout('p', 30))).toBe('none');
  });
});

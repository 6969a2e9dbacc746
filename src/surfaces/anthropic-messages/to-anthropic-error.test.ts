import { describe, expect, it } from 'vitest';
import { errors } from '../../errors/index.js';
import { toAnthropicError, toAnthropicStatus } from './to-anthropic-error.js';

describe('toAnthropicError', () => {
  it.each([
    [errors.invalidJson('bad'), 400, 'invalid_request_error'],
    [errors.providerNotFound('x'), 404, 'not_found_error'],
    [errors.bodyTooLarge(10), 413, 'request_too_large'],
    [errors.rateLimited('openai', 'slow down'), 429, 'rate_limit_error'],
    [errors.quotaExceeded('openai', 429, 'no credit'), 429, 'rate_limit_error'],
    [errors.upstreamOverloaded('openai', 503, 'busy'), 529, 'overloaded_error'],
    [errors.upstreamTimeout('openai', 30), 504, 'timeout_error'],
    [errors.providerAuthFailed('openai', 401, 'bad key'), 502, 'api_error'],
    [errors.internal(new Error('x')), 500, 'api_error'],
    [errors.methodNotAllowed('GET', '/v1/messages', 'POST'), 405, 'invalid_request_error'],
  ])('%s → %i %s', (error, status, type) => {
    expect(toAnthropicStatus(error)).toBe(status);
    expect(toAnthropicError(error)).toEqual({ type: 'error', error: { type, message: error.message } });
  });
});

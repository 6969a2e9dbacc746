import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureCases, parseHttpFixture } from '../../../test/support/http-fixture.js';
import { fromAnthropicError, fromAnthropicStreamError } from './errors.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const cases = fixtureCases(fixtures, '.upstream-response.http');

describe('fromAnthropicError (fixtures)', () => {
  it('has recorded error responses to read', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['error-rate-limit', 'error-overloaded', 'error-context-length', 'error-auth', 'error-permission', 'error-content-policy', 'error-server', 'error-non-json']),
    );
  });

  it.each(cases)('maps %s.upstream-response.http to the gateway error in its expected.json', (name) => {
    const { status, headers, body } = parseHttpFixture(readText(`${name}.upstream-response.http`));
    const error = fromAnthropicError('anthropic', status, headers, body);
    const { code, type, failureClass, provider, upstreamStatus, param, retryAfter, message } = error;
    expect({ code, status: error.status, type, failureClass, provider, upstreamStatus, param, retryAfter, message }).toEqual(JSON.parse(readText(`${name}.expected.json`)));
  });
});

describe('fromAnthropicError', () => {
  it('treats an overloaded_error as overloaded whatever its status', () => {
    expect(fromAnthropicError('anthropic', 503, {}, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toMatchObject({ code: 'upstream_overloaded', upstreamStatus: 503 });
  });

  it('names the status when the body is empty', () => {
    expect(fromAnthropicError('anthropic', 500, {}, '').message).toBe('anthropic failed (HTTP 500): HTTP 500');
  });

  it('maps billing and timeout errors by status', () => {
    expect(fromAnthropicError('anthropic', 402, {}, '{"type":"error","error":{"type":"billing_error","message":"Your credit balance is too low"}}')).toMatchObject({ code: 'provider_quota_exceeded', failureClass: 'quota' });
    expect(fromAnthropicError('anthropic', 504, {}, '{"type":"error","error":{"type":"timeout_error","message":"Request timed out"}}')).toMatchObject({ code: 'upstream_error', failureClass: 'transient' });
  });
});

describe('fromAnthropicStreamError', () => {
  it('reads the status from the error type', () => {
    expect(fromAnthropicStreamError('anthropic', { type: 'overloaded_error', message: 'Overloaded' })).toMatchObject({ code: 'upstream_overloaded', upstreamStatus: 529 });
    expect(fromAnthropicStreamError('anthropic', { type: 'api_error', message: 'Internal server error' })).toMatchObject({ code: 'upstream_error', upstreamStatus: 500 });
    expect(fromAnthropicStreamError('anthropic', { type: 'authentication_error', message: 'invalid x-api-key' })).toMatchObject({ code: 'provider_auth_failed' });
    expect(fromAnthropicStreamError('anthropic', undefined)).toMatchObject({ code: 'upstream_error' });
  });
});

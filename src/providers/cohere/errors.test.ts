import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureCases, parseHttpFixture } from '../../../test/support/http-fixture.js';
import { fromCohereError, fromCohereFailure } from './errors.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const cases = fixtureCases(fixtures, '.upstream-response.http');

describe('fromCohereError (Cohere fixtures)', () => {
  it('has recorded error answers for every kind the gateway names', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'error-rate-limited', 'error-overloaded', 'error-context-length', 'error-invalid-api-key', 'error-invalid-token',
        'error-content-policy', 'error-payment-required', 'error-server-error', 'error-not-found', 'error-request-cancelled', 'error-non-json-body',
      ]),
    );
  });

  it.each(cases)('maps %s.upstream-response.http to the gateway error in %s.expected.json', (name) => {
    const { status, headers, body } = parseHttpFixture(readText(`${name}.upstream-response.http`));
    const error = fromCohereError('cohere', status, headers, body);
    const { code, type, failureClass, provider, upstreamStatus, param, retryAfter, message } = error;
    expect({ code, status: error.status, type, failureClass, provider, upstreamStatus, param, retryAfter, message }).toEqual(JSON.parse(readText(`${name}.expected.json`)));
  });
});

describe('fromCohereError', () => {
  it('names the status when the body is empty, and reads a retry-after header', () => {
    expect(fromCohereError('cohere', 500, {}, '').message).toBe('cohere failed (HTTP 500): HTTP 500');
    expect(fromCohereError('cohere', 429, { 'retry-after': '7' }, '{"message":"slow down"}')).toMatchObject({ code: 'rate_limited', retryAfter: 7 });
  });

  it('uses the configured provider name', () => {
    expect(fromCohereError('cohere-eu', 401, {}, '{"message":"invalid api token"}').provider).toBe('cohere-eu');
  });
});

describe('fromCohereFailure', () => {
  it('maps a failed generation without a message to a transient upstream error', () => {
    expect(fromCohereFailure('cohere', undefined)).toMatchObject({ code: 'upstream_error', failureClass: 'transient', message: 'cohere failed (HTTP 500): the generation failed (finish_reason ERROR)' });
  });

  it('reads context overflow and refusals as caller errors', () => {
    expect(fromCohereFailure('cohere', 'too many tokens: max tokens must be less than or equal to 4096')).toMatchObject({ code: 'context_length_exceeded', failureClass: 'caller' });
    expect(fromCohereFailure('cohere', 'output blocked by the content filter')).toMatchObject({ code: 'content_policy_violation', failureClass: 'caller' });
  });
});

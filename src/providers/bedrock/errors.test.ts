import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureCases, parseHttpFixture } from '../../../test/support/http-fixture.js';
import { fromBedrockError, fromBedrockException } from './errors.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const cases = fixtureCases(fixtures, '.upstream-response.http');

describe('fromBedrockError (Bedrock fixtures)', () => {
  it('has recorded error responses of every kind to read', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['error-throttling', 'error-service-unavailable', 'error-context-length', 'error-access-denied', 'error-content-filter', 'error-internal-server']),
    );
  });

  it.each(cases)('maps %s.upstream-response.http to the gateway error in %s.expected.json', (name) => {
    const { status, headers, body } = parseHttpFixture(readText(`${name}.upstream-response.http`));
    const error = fromBedrockError('bedrock', status, headers, body);
    const { code, type, failureClass, provider, upstreamStatus, param, retryAfter, message } = error;
    expect({ code, status: error.status, type, failureClass, provider, upstreamStatus, param, retryAfter, message }).toEqual(JSON.parse(readText(`${name}.expected.json`)));
  });
});

describe('fromBedrockError', () => {
  it('reads the error type from the body when the header is missing', () => {
    const error = fromBedrockError('bedrock', 400, {}, '{"__type":"com.amazon.coral.validate#ValidationException","message":"prompt is too long: 210000 tokens > 200000 maximum"}');
    expect(error).toMatchObject({ code: 'context_length_exceeded', status: 400 });
  });

  it('keeps a retry-after header of a throttled request', () => {
    expect(fromBedrockError('bedrock', 429, { 'x-amzn-errortype': 'ThrottlingException', 'retry-after': '7' }, '{"message":"slow down"}')).toMatchObject({ code: 'rate_limited', retryAfter: 7 });
  });

  it('names the status when the body is empty', () => {
    expect(fromBedrockError('bedrock', 500, {}, '').message).toBe('bedrock failed (HTTP 500): HTTP 500');
  });

  it('uses the configured provider name', () => {
    expect(fromBedrockError('bedrock-eu', 403, { 'x-amzn-errortype': 'AccessDeniedException' }, '{"Message":"denied"}').provider).toBe('bedrock-eu');
  });
});

describe('fromBedrockException (in-stream exceptions)', () => {
  it.each([
    ['throttlingException', '{"message":"Too many tokens"}', 'rate_limited', 'rate-limit'],
    ['serviceUnavailableException', '{"message":"Service unavailable"}', 'upstream_overloaded', 'transient'],
    ['internalServerException', '{"message":"Internal error"}', 'upstream_error', 'transient'],
    ['validationException', '{"message":"Input is too long for requested model."}', 'context_length_exceeded', 'caller'],
    ['validationException', '{"message":"Malformed input"}', 'upstream_bad_request', 'caller'],
    ['modelStreamErrorException', '{"message":"Model error","originalStatusCode":429,"originalMessage":"Too many"}', 'rate_limited', 'rate-limit'],
    ['modelStreamErrorException', '{"message":"Model error"}', 'upstream_error', 'transient'],
    ['modelTimeoutException', '{"message":"Model timed out"}', 'upstream_timeout', 'timeout'],
    ['somethingNewException', 'not json', 'upstream_error', 'transient'],
  ])('maps %s %s to %s', (type, payload, code, failureClass) => {
    expect(fromBedrockException('bedrock', type, payload)).toMatchObject({ code, failureClass, provider: 'bedrock' });
  });
});

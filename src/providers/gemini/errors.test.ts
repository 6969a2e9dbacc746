import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { googleErrorSchema } from '../../../test/fake-upstreams/gemini-wire-schema.js';
import { parseHttpFixture } from '../../../test/support/http-fixture.js';
import { fromGeminiError, inStreamErrorStatus } from './errors.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-response.http'))
  .map((name) => name.slice(0, -'.upstream-response.http'.length));

describe('fromGeminiError (Gemini fixtures)', () => {
  it('has recorded error responses to read', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['error-rate-limited', 'error-overloaded', 'error-context-length', 'error-invalid-api-key', 'error-permission-denied', 'error-server-error', 'error-non-json-body']),
    );
  });

  it.each(cases.filter((name) => !name.includes('non-json') && !name.includes('array')))('%s.upstream-response.http has a Google error body', (name) => {
    expect(googleErrorSchema.safeParse(JSON.parse(parseHttpFixture(readText(`${name}.upstream-response.http`)).body)).error?.issues ?? []).toEqual([]);
  });

  it.each(cases)('maps %s.upstream-response.http to the gateway error in %s.expected.json', (name) => {
    const { status, headers, body } = parseHttpFixture(readText(`${name}.upstream-response.http`));
    const error = fromGeminiError('gemini', status, headers, body);
    const { code, type, failureClass, provider, upstreamStatus, param, retryAfter, message } = error;
    expect({ code, status: error.status, type, failureClass, provider, upstreamStatus, param, retryAfter, message }).toEqual(JSON.parse(readText(`${name}.expected.json`)));
  });
});

describe('fromGeminiError', () => {
  it('prefers a Retry-After header over the body retry delay', () => {
    const body = JSON.stringify({ error: { code: 429, message: 'slow down', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '40s' }] } });
    expect(fromGeminiError('gemini', 429, { 'retry-after': '5' }, body).retryAfter).toBe(5);
    expect(fromGeminiError('gemini', 429, {}, body).retryAfter).toBe(40);
  });

  it('treats UNAVAILABLE as overloaded whatever the HTTP status', () => {
    expect(fromGeminiError('gemini', 500, {}, '{"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}}').code).toBe('upstream_overloaded');
  });

  it('names the status when the body is empty', () => {
    expect(fromGeminiError('gemini', 500, {}, '').message).toBe('gemini failed (HTTP 500): HTTP 500');
  });
});

describe('inStreamErrorStatus', () => {
  it('reads the HTTP code of an error object, else its gRPC status', () => {
    expect(inStreamErrorStatus({ code: 429, status: 'RESOURCE_EXHAUSTED' })).toBe(429);
    expect(inStreamErrorStatus({ status: 'UNAVAILABLE' })).toBe(503);
    expect(inStreamErrorStatus({ code: 13, status: 'SOMETHING' })).toBe(500);
    expect(inStreamErrorStatus(null)).toBe(500);
  });
});

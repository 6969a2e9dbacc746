import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHttpFixture } from '../../../test/support/http-fixture.js';
import { fromOpenAIError } from './errors.js';

const fixtures = new URL('../openai/fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-response.http'))
  .map((name) => name.slice(0, -'.upstream-response.http'.length));

describe('fromOpenAIError (OpenAI fixtures)', () => {
  it('has recorded error responses to read', () => {
    expect(cases.sort()).toEqual(
      expect.arrayContaining([
        'error-insufficient-quota',
        'error-invalid-api-key',
        'error-invalid-param',
        'error-non-json-body',
        'error-rate-limited',
        'error-server-error',
      ]),
    );
  });

  it.each(cases)('maps %s.upstream-response.http to the gateway error in %s.expected.json', (name) => {
    const { status, headers, body } = parseHttpFixture(readText(`${name}.upstream-response.http`));
    const error = fromOpenAIError('openai', status, headers, body);
    const { code, type, failureClass, provider, upstreamStatus, param, retryAfter, message } = error;
    expect({ code, status: error.status, type, failureClass, provider, upstreamStatus, param, retryAfter, message }).toEqual(
      JSON.parse(readText(`${name}.expected.json`)),
    );
  });
});

describe('fromOpenAIError', () => {
  it('reads a Retry-After date on a 503', () => {
    const retryAt = new Date(Date.now() + 120_000).toUTCString();
    const error = fromOpenAIError('openai', 503, { 'retry-after': retryAt }, '{"error":{"message":"overloaded","type":"server_error"}}');
    expect(error).toMatchObject({ code: 'upstream_overloaded', status: 503, failureClass: 'transient', upstreamStatus: 503 });
    expect(error.retryAfter).toBeGreaterThanOrEqual(119);
    expect(error.retryAfter).toBeLessThanOrEqual(120);
  });

  it('treats a 429 whose error type (not code) is insufficient_quota as out of quota', () => {
    const error = fromOpenAIError('openai', 429, {}, '{"error":{"message":"out of credit","type":"insufficient_quota","code":null}}');
    expect(error).toMatchObject({ code: 'provider_quota_exceeded', failureClass: 'quota' });
  });

  it('reads error bodies of other shapes', () => {
    expect(fromOpenAIError('vllm', 400, {}, '{"error":"model is required"}').message).toBe('vllm rejected the request: model is required');
    expect(fromOpenAIError('vllm', 400, {}, '{"message":"bad input","code":400}').message).toBe('vllm rejected the request: bad input');
  });

  it('names the status when the body is empty', () => {
    expect(fromOpenAIError('openai', 500, {}, '').message).toBe('openai failed (HTTP 500): HTTP 500');
  });

  it('maps the other statuses to their codes', () => {
    expect(fromOpenAIError('openai', 403, {}, '').code).toBe('provider_auth_failed');
    expect(fromOpenAIError('openai', 402, {}, '').code).toBe('provider_quota_exceeded');
    expect(fromOpenAIError('openai', 404, {}, '{"error":{"message":"The model `gpt-9` does not exist"}}')).toMatchObject({ code: 'upstream_not_found', status: 404 });
    expect(fromOpenAIError('openai', 408, {}, '').code).toBe('upstream_timeout');
    expect(fromOpenAIError('openai', 422, {}, '').status).toBe(422);
  });
});

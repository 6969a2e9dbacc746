import { describe, expect, it } from 'vitest';
import { errors } from './error-codes.js';
import { toOpenAIError } from './to-openai-error.js';

describe('toOpenAIError', () => {
  it('serializes a gateway error as OpenAI error JSON with exactly message, type, code and param', () => {
    const body = toOpenAIError(errors.upstreamBadRequest('openai', 400, 'bad value', 'temperature'));
    expect(body).toStrictEqual({
      error: { message: 'openai rejected the request: bad value', type: 'invalid_request_error', code: 'upstream_bad_request', param: 'temperature' },
    });
  });

  it('writes param as null when there is none', () => {
    expect(toOpenAIError(errors.requestCancelled()).error.param).toBeNull();
    expect(toOpenAIError({ message: 'm', type: 't', code: 'c' })).toStrictEqual({ error: { message: 'm', type: 't', code: 'c', param: null } });
  });

  it('leaves out the status, provider, failure class and cause', () => {
    const json = JSON.stringify(toOpenAIError(errors.upstreamUnreachable('openai', new Error('secret'))));
    expect(Object.keys(JSON.parse(json).error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(json).not.toContain('transient');
  });
});

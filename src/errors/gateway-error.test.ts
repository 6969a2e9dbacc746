import { describe, expect, it } from 'vitest';
import { errors } from './error-codes.js';
import { GatewayError, isGatewayError } from './gateway-error.js';
import { toGatewayError } from './to-gateway-error.js';

describe('isGatewayError', () => {
  it('recognizes gateway errors, also from another copy of the package', () => {
    expect(isGatewayError(errors.internal('x'))).toBe(true);
    const copy = Object.assign(new Error('m'), { name: 'GatewayError', failureClass: 'transient' });
    expect(isGatewayError(copy)).toBe(true);
  });

  it('rejects other errors and values', () => {
    expect(isGatewayError(new Error('x'))).toBe(false);
    expect(isGatewayError(Object.assign(new Error('x'), { name: 'GatewayError' }))).toBe(false);
    expect(isGatewayError({ name: 'GatewayError', failureClass: 'caller' })).toBe(false);
    expect(isGatewayError(undefined)).toBe(false);
  });
});

describe('toGatewayError', () => {
  it('keeps a gateway error as it is', () => {
    const error = errors.rateLimited('openai', 'slow down');
    expect(toGatewayError(error)).toBe(error);
  });

  it('turns anything else into internal_error with the value as its cause', () => {
    const thrown = new TypeError('undefined is not a function');
    const error = toGatewayError(thrown);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'internal_error', status: 500, failureClass: 'internal' });
    expect(error.cause).toBe(thrown);
  });
});

import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

const now = Date.parse('2025-01-15T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads a number of seconds', () => {
    expect(parseRetryAfter('20', now)).toBe(20);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1.5);
  });

  it('reads an HTTP date as the seconds until then, rounded up', () => {
    expect(parseRetryAfter('Wed, 15 Jan 2025 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 15 Jan 2025 12:00:30 GMT', now + 500)).toBe(30);
  });

  it('reads a date in the past as no wait', () => {
    expect(parseRetryAfter('Wed, 15 Jan 2025 11:59:00 GMT', now)).toBe(0);
  });

  it('takes the first value of a repeated header', () => {
    expect(parseRetryAfter(['5', '10'], now)).toBe(5);
  });

  it('returns undefined for an absent, empty, negative or unreadable value', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter([], now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('Infinity', now)).toBeUndefined();
  });
});

describe('parseRetryAfter strictness', () => {
  it('ignores values that are neither delay-seconds nor an HTTP date', () => {
    const now = Date.parse('2025-01-15T12:00:00Z');
    for (const value of ['hello 5', '0x10', '  ', '-3', '5 seconds', '2025-01-15']) expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

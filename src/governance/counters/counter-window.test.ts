import { describe, expect, it } from 'vitest';
import { counterWindow } from './counter-window.js';

describe('counterWindow', () => {
  it('aligns fixed windows to multiples of their length since the epoch', () => {
    expect(counterWindow({ key: 'k', limit: 1, windowMs: 60_000 }, 125_000)).toEqual({ start: 120_000, end: 180_000 });
    expect(counterWindow({ key: 'k', limit: 1, windowMs: 60_000 }, 120_000)).toEqual({ start: 120_000, end: 180_000 });
  });

  it('uses UTC months, including leap Februaries and December rolling into January', () => {
    expect(counterWindow({ key: 'k', limit: 1, windowMs: 0, calendar: 'month' }, Date.UTC(2024, 1, 29, 23))).toEqual({ start: Date.UTC(2024, 1, 1), end: Date.UTC(2024, 2, 1) });
    expect(counterWindow({ key: 'k', limit: 1, windowMs: 0, calendar: 'month' }, Date.UTC(2024, 11, 31))).toEqual({ start: Date.UTC(2024, 11, 1), end: Date.UTC(2025, 0, 1) });
  });

  it('uses UTC years and ignores windowMs for calendar windows', () => {
    expect(counterWindow({ key: 'k', limit: 1, windowMs: 5, calendar: 'year' }, Date.UTC(2024, 6, 1))).toEqual({ start: Date.UTC(2024, 0, 1), end: Date.UTC(2025, 0, 1) });
  });

  it('rejects windows that are not a positive whole number of milliseconds', () => {
    for (const windowMs of [0, -1, 1.5, Number.NaN, Infinity]) expect(() => counterWindow({ key: 'k', limit: 1, windowMs }, 0)).toThrow(RangeError);
  });
});

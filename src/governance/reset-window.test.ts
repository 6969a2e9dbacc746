import { describe, expect, it } from 'vitest';
import { resetWindow } from './reset-window.js';

describe('resetWindow', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
  ])('reads %s as a fixed window of %i ms', (duration, windowMs) => {
    expect(resetWindow(duration)).toEqual({ windowMs });
  });

  it('reads 1M and 1Y as the calendar month and year', () => {
    expect(resetWindow('1M').calendar).toBe('month');
    expect(resetWindow('1Y').calendar).toBe('year');
  });

  it('refuses what is not a reset period', () => {
    expect(() => resetWindow('2M')).toThrow('not a reset period');
    expect(() => resetWindow('0s')).toThrow('longer than zero');
  });
});

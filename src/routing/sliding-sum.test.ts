import { describe, expect, it } from 'vitest';
import { SlidingSum } from './sliding-sum.js';

describe('SlidingSum', () => {
  it('sums the values added within the window', () => {
    const sum = new SlidingSum(10_000, 10);
    sum.add(0, 1);
    sum.add(4_000, 2);
    sum.add(9_999, 3);
    expect(sum.total(9_999)).toBe(6);
  });

  it('drops values a bucket at a time once they are older than the window', () => {
    const sum = new SlidingSum(10_000, 10);
    sum.add(500, 1);
    sum.add(5_500, 2);
    expect(sum.total(10_999)).toBe(2);
    expect(sum.total(15_999)).toBe(0);
  });

  it('forgets everything after a silence longer than the window', () => {
    const sum = new SlidingSum(1_000, 4);
    sum.add(0, 5);
    expect(sum.total(60_000)).toBe(0);
    sum.add(60_000, 1);
    expect(sum.total(60_000)).toBe(1);
  });

  it('keeps counting in the newest bucket when the clock goes back', () => {
    const sum = new SlidingSum(1_000, 4);
    sum.add(900, 1);
    sum.add(100, 1);
    expect(sum.total(900)).toBe(2);
  });

  it('forgets everything on clear', () => {
    const sum = new SlidingSum(1_000, 4);
    sum.add(10, 3);
    sum.clear();
    expect(sum.total(10)).toBe(0);
    sum.add(20, 1);
    expect(sum.total(20)).toBe(1);
  });
});

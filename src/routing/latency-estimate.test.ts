import { describe, expect, it } from 'vitest';
import { LatencyEstimate, p95Scratch } from './latency-estimate.js';

describe('LatencyEstimate', () => {
  it('starts at the first sample and moves 30% of the way toward each next one', () => {
    const estimate = new LatencyEstimate();
    expect(estimate.average).toBeUndefined();
    estimate.record(0, 100, 30_000);
    expect(estimate.average).toBe(100);
    estimate.record(1, 200, 30_000);
    expect(estimate.average).toBeCloseTo(130);
  });

  it('replaces a stale average with the first sample after a long silence', () => {
    const estimate = new LatencyEstimate();
    estimate.record(0, 300, 30_000);
    estimate.record(31_000, 10, 30_000);
    expect(estimate.average).toBe(10);
  });

  it('gives no p95 before ten samples, then the 95th percentile of the recent ones', () => {
    const estimate = new LatencyEstimate();
    const scratch = p95Scratch();
    for (let ms = 1; ms <= 9; ms++) estimate.record(ms, ms, 30_000);
    expect(estimate.p95(scratch)).toBeUndefined();
    for (let ms = 10; ms <= 20; ms++) estimate.record(ms, ms, 30_000);
    expect(estimate.p95(scratch)).toBe(19);
  });

  it('keeps the last 64 samples for the p95', () => {
    const estimate = new LatencyEstimate();
    const scratch = p95Scratch();
    for (let i = 0; i < 64; i++) estimate.record(i, 1_000, 30_000);
    expect(estimate.p95(scratch)).toBe(1_000);
    for (let i = 0; i < 64; i++) estimate.record(100 + i, 10 + (i % 2), 30_000);
    expect(estimate.p95(scratch)).toBe(11);
  });
});

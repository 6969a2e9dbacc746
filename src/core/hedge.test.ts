import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CancelSignal } from '../api/cancel-signal.js';
import { errors } from '../errors/index.js';
import { hedge } from './hedge.js';
import { fallsBack } from './run-plan.js';

/** A branch the test settles by hand; it records the signal it was given. */
function branch() {
  const state: { signal?: CancelSignal; resolve?: (value: string) => void; reject?: (error: unknown) => void; calls: number } = { calls: 0 };
  const run = (signal: CancelSignal) => {
    state.calls++;
    state.signal = signal;
    return new Promise<string>((resolve, reject) => Object.assign(state, { resolve, reject }));
  };
  return { state, run };
}

describe('hedge', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends no hedge when the first answers before the delay', async () => {
    const first = branch();
    const second = branch();
    const outcome = hedge(first.run, second.run, 100, undefined, fallsBack, vi.fn());
    first.state.resolve!('first');
    await expect(outcome).resolves.toEqual({ won: true, result: 'first', hedged: false, hedgeSent: false });
    await vi.advanceTimersByTimeAsync(200);
    expect(second.state.calls).toBe(0);
  });

  it('takes the hedge when it answers first, aborts the first, and discards the first’s late answer', async () => {
    const first = branch();
    const second = branch();
    const discard = vi.fn();
    const outcome = hedge(first.run, second.run, 100, undefined, fallsBack, discard);
    await vi.advanceTimersByTimeAsync(100);
    expect(second.state.calls).toBe(1);
    second.state.resolve!('second');
    await expect(outcome).resolves.toEqual({ won: true, result: 'second', hedged: true, hedgeSent: true });
    expect(first.state.signal!.aborted).toBe(true);
    first.state.resolve!('late');
    await Promise.resolve();
    expect(discard).toHaveBeenCalledWith('late', false);
  });

  it('waits for the first when the hedge fails, and reports both failures when both fail', async () => {
    const first = branch();
    const second = branch();
    const outcome = hedge(first.run, second.run, 10, undefined, fallsBack, vi.fn());
    await vi.advanceTimersByTimeAsync(10);
    second.state.reject!(errors.upstreamError('beta', 500, 'down'));
    await vi.advanceTimersByTimeAsync(10);
    first.state.reject!(errors.rateLimited('alpha', 'busy'));
    const result = await outcome;
    expect(result.won).toBe(false);
    expect(!result.won && result.failures.map((failure) => failure?.code)).toEqual(['rate_limited', 'upstream_error']);
  });

  it('ends the race and cancels the hedge when the first fails with a caller error', async () => {
    const first = branch();
    const second = branch();
    const outcome = hedge(first.run, second.run, 10, undefined, fallsBack, vi.fn());
    await vi.advanceTimersByTimeAsync(10);
    first.state.reject!(errors.upstreamBadRequest('alpha', 400, 'bad'));
    const result = await outcome;
    expect(!result.won && result.failures.map((failure) => failure?.code)).toEqual(['upstream_bad_request']);
    expect(second.state.signal!.aborted).toBe(true);
  });

  it('sends no hedge once the first failed; the caller falls back instead', async () => {
    const first = branch();
    const second = branch();
    const outcome = hedge(first.run, second.run, 50, undefined, fallsBack, vi.fn());
    first.state.reject!(errors.upstreamError('alpha', 502, 'down'));
    const result = await outcome;
    expect(!result.won && result.failures).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(second.state.calls).toBe(0);
  });
});

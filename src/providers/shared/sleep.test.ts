import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errors } from '../../errors/index.js';
import { sleep } from './sleep.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sleep', () => {
  it('resolves after the given time', async () => {
    let done = false;
    void sleep(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('resolves at once for no time', async () => {
    await expect(sleep(0)).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with request_cancelled when the signal aborts, and clears its timer', async () => {
    const controller = new AbortController();
    const waiting = sleep(10_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'request_cancelled', status: 499 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the abort reason when it is a GatewayError', async () => {
    const controller = new AbortController();
    const waiting = sleep(10_000, controller.signal);
    const reason = errors.shuttingDown();
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('rejects at once when the signal has already aborted, even for no time', async () => {
    await expect(sleep(1000, AbortSignal.abort())).rejects.toMatchObject({ code: 'request_cancelled' });
    await expect(sleep(0, AbortSignal.abort())).rejects.toMatchObject({ code: 'request_cancelled' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops listening to the signal once it resolved', async () => {
    const controller = new AbortController();
    const waiting = sleep(10, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    await expect(waiting).resolves.toBeUndefined();
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});

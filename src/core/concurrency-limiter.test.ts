import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyLimiter, type LimiterSettings } from './concurrency-limiter.js';

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const limiter = (settings: Partial<LimiterSettings> = {}) =>
  new ConcurrencyLimiter('openai', { concurrency: 1, bufferSize: 10, dropExcess: false, maxWaitMs: 30_000, ...settings });

describe('ConcurrencyLimiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('grants a free slot at once, without a promise', () => {
    const slots = limiter({ concurrency: 2 });
    expect(slots.acquire()).toBeUndefined();
    expect(slots.acquire()).toBeUndefined();
    expect(slots.active).toBe(2);
    expect(slots.queued).toBe(0);
  });

  it('frees the slot on release', () => {
    const slots = limiter();
    slots.acquire();
    slots.release();
    expect(slots.active).toBe(0);
    expect(slots.acquire()).toBeUndefined();
  });

  it('queues requests beyond the limit and grants them in arrival order', async () => {
    const slots = limiter();
    slots.acquire();
    const granted: string[] = [];
    for (const name of ['first', 'second', 'third']) void slots.acquire()!.then(() => granted.push(name));
    expect(slots.queued).toBe(3);
    await settle();
    expect(granted).toEqual([]);

    slots.release();
    await settle();
    expect(granted).toEqual(['first']);
    expect(slots.active).toBe(1);

    slots.release();
    slots.release();
    await settle();
    expect(granted).toEqual(['first', 'second', 'third']);
    expect(slots.queued).toBe(0);
    expect(slots.active).toBe(1);
  });

  describe('with drop_excess_requests', () => {
    it('refuses a request with 429 provider_queue_full once buffer_size are waiting', async () => {
      const slots = limiter({ bufferSize: 1, dropExcess: true });
      slots.acquire();
      const waiting = slots.acquire();
      await expect(slots.acquire()).rejects.toMatchObject({ code: 'provider_queue_full', status: 429, failureClass: 'rate-limit', provider: 'openai' });
      expect(slots.queued).toBe(1);
      slots.release();
      await expect(waiting).resolves.toBeUndefined();
    });

    it('refuses at once when buffer_size is 0', async () => {
      const slots = limiter({ bufferSize: 0, dropExcess: true });
      slots.acquire();
      await expect(slots.acquire()).rejects.toMatchObject({ code: 'provider_queue_full' });
    });

    it('takes a request again once a waiter left', async () => {
      const slots = limiter({ bufferSize: 1, dropExcess: true });
      slots.acquire();
      const controller = new AbortController();
      const leaving = slots.acquire(controller.signal)!;
      controller.abort();
      await expect(leaving).rejects.toMatchObject({ code: 'request_cancelled' });
      const waiting = slots.acquire()!;
      slots.release();
      await expect(waiting).resolves.toBeUndefined();
    });
  });

  it('lets every request wait, beyond buffer_size, without drop_excess_requests', async () => {
    const slots = limiter({ bufferSize: 2 });
    slots.acquire();
    const waiting = Array.from({ length: 100 }, () => slots.acquire()!);
    expect(slots.queued).toBe(100);
    for (let index = 0; index < 100; index++) slots.release();
    await expect(Promise.all(waiting)).resolves.toHaveLength(100);
    expect(slots.active).toBe(1);
  });

  it('leaves the queue with request_cancelled when the caller aborts while waiting', async () => {
    const slots = limiter();
    slots.acquire();
    const first = slots.acquire()!;
    const controller = new AbortController();
    const aborted = slots.acquire(controller.signal)!;
    const last = slots.acquire()!;
    expect(slots.queued).toBe(3);

    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'request_cancelled', status: 499 });
    expect(slots.queued).toBe(2);

    slots.release();
    await expect(first).resolves.toBeUndefined();
    slots.release();
    await expect(last).resolves.toBeUndefined();
    expect(slots.active).toBe(1);
    expect(slots.queued).toBe(0);
  });

  it('does not queue a request whose caller has already gone', async () => {
    const slots = limiter();
    slots.acquire();
    await expect(slots.acquire(AbortSignal.abort())).rejects.toMatchObject({ code: 'request_cancelled' });
    expect(slots.queued).toBe(0);
  });

  it('ignores an abort after the slot was granted', async () => {
    const slots = limiter();
    slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal)!;
    slots.release();
    await expect(waiting).resolves.toBeUndefined();
    controller.abort();
    expect(slots.active).toBe(1);
    slots.release();
    expect(slots.active).toBe(0);
  });

  it('fails a request that waited the request timeout with 504 provider_queue_timeout, oldest first', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const slots = limiter({ maxWaitMs: 1000 });
    slots.acquire();
    const outcomes: string[] = [];
    const track = (name: string, waiting: Promise<void>) =>
      waiting.then(
        () => outcomes.push(`${name} granted`),
        (error: { code: string; status: number }) => outcomes.push(`${name} ${error.code} ${error.status}`),
      );
    void track('first', slots.acquire()!);
    await vi.advanceTimersByTimeAsync(400);
    void track('second', slots.acquire()!);
    void track('third', slots.acquire()!);

    await vi.advanceTimersByTimeAsync(599);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcomes).toEqual(['first provider_queue_timeout 504']);
    expect(slots.queued).toBe(2);

    slots.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes).toEqual(['first provider_queue_timeout 504', 'second granted']);
    await vi.advanceTimersByTimeAsync(400);
    expect(outcomes).toEqual(['first provider_queue_timeout 504', 'second granted', 'third provider_queue_timeout 504']);
    expect(slots.queued).toBe(0);
    expect(slots.active).toBe(1);
  });

  it('keeps one timer for the whole queue, and none once it is empty', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const slots = limiter({ maxWaitMs: 1000 });
    slots.acquire();
    const waiting = Array.from({ length: 50 }, () => slots.acquire()!);
    expect(vi.getTimerCount()).toBe(1);
    for (let index = 0; index < 50; index++) slots.release();
    await Promise.all(waiting);
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(0);
  });
});

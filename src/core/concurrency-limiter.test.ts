import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConcurrencyLimiter', () => {
  it('grants a free slot at once, without a promise', () => {
    const limiter = new ConcurrencyLimiter('openai', 2, 10);
    expect(limiter.acquire()).toBeUndefined();
    expect(limiter.acquire()).toBeUndefined();
    expect(limiter.active).toBe(2);
    expect(limiter.queued).toBe(0);
  });

  it('frees the slot on release', () => {
    const limiter = new ConcurrencyLimiter('openai', 1, 10);
    limiter.acquire();
    limiter.release();
    expect(limiter.active).toBe(0);
    expect(limiter.acquire()).toBeUndefined();
  });

  it('queues requests beyond the limit and grants them in arrival order', async () => {
    const limiter = new ConcurrencyLimiter('openai', 1, 10);
    limiter.acquire();
    const granted: string[] = [];
    for (const name of ['first', 'second', 'third']) void limiter.acquire()!.then(() => granted.push(name));
    expect(limiter.queued).toBe(3);
    await settle();
    expect(granted).toEqual([]);

    limiter.release();
    await settle();
    expect(granted).toEqual(['first']);
    expect(limiter.active).toBe(1);

    limiter.release();
    limiter.release();
    await settle();
    expect(granted).toEqual(['first', 'second', 'third']);
    expect(limiter.queued).toBe(0);
    expect(limiter.active).toBe(1);
  });

  it('refuses a request with provider_queue_full once the queue is full', async () => {
    const limiter = new ConcurrencyLimiter('openai', 1, 1);
    limiter.acquire();
    const waiting = limiter.acquire();
    await expect(limiter.acquire()).rejects.toMatchObject({ code: 'provider_queue_full', status: 503, failureClass: 'rate-limit', provider: 'openai' });
    expect(limiter.queued).toBe(1);
    limiter.release();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('refuses at once when the queue size is 0', async () => {
    const limiter = new ConcurrencyLimiter('openai', 1, 0);
    limiter.acquire();
    await expect(limiter.acquire()).rejects.toMatchObject({ code: 'provider_queue_full' });
  });

  it('leaves the queue with request_cancelled when the caller aborts while waiting', async () => {
    const limiter = new ConcurrencyLimiter('openai', 1, 10);
    limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal)!;
    const next = limiter.acquire()!;
    expect(limiter.queued).toBe(2);

    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'request_cancelled', status: 499 });
    expect(limiter.queued).toBe(1);

    limiter.release();
    await expect(next).resolves.toBeUndefined();
    expect(limiter.active).toBe(1);
  });

  it('does not queue a request whose caller has already gone', async () => {
    const limiter = new ConcurrencyLimiter('openai', 1, 10);
    limiter.acquire();
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toMatchObject({ code: 'request_cancelled' });
    expect(limiter.queued).toBe(0);
  });

  it('ignores an abort after the slot was granted', async () => {
    const limiter = new ConcurrencyLimiter('openai', 1, 10);
    limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal)!;
    limiter.release();
    await expect(waiting).resolves.toBeUndefined();
    controller.abort();
    expect(limiter.active).toBe(1);
    limiter.release();
    expect(limiter.active).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { circuitBreakerSchema } from '../config/routing-schema.js';
import { errors } from '../errors/index.js';
import { type BalanceStrategy, HealthBook, pickWeighted } from './health-book.js';

interface Target {
  name: string;
  weight: number;
}

const target = (name: string, weight = 1): Target => ({ name, weight });
const weightOf = (candidate: Target) => candidate.weight;

/** A deterministic random source: `count` evenly spaced points of [0, 1), over and over. */
function evenly(count: number): () => number {
  let i = 0;
  return () => (i++ % count) / count;
}

/** A seeded pseudo-random source (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tally(book: HealthBook, candidates: Target[], strategy: BalanceStrategy, picks: number): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(candidates.map((candidate) => [candidate.name, 0]));
  for (let i = 0; i < picks; i++) counts[book.pick(candidates, weightOf, strategy)!.name]++;
  return counts;
}

/** Records `count` successful attempts of `latencyMs` on `candidate`. */
function measure(book: HealthBook, candidate: Target, latencyMs: number, count = 5): void {
  for (let i = 0; i < count; i++) {
    book.start(candidate);
    book.finish(candidate, { latencyMs });
  }
}

describe('weighted', () => {
  it('spreads picks in proportion to the weights', () => {
    const book = new HealthBook({ random: evenly(400), now: () => 0 });
    expect(tally(book, [target('a'), target('b', 2), target('c')], 'weighted', 400)).toEqual({ a: 100, b: 200, c: 100 });
  });

  it('ignores latency', () => {
    const book = new HealthBook({ random: evenly(100), now: () => 0 });
    const [a, b] = [target('a'), target('b')];
    measure(book, a, 300);
    measure(book, b, 10);
    expect(tally(book, [a, b], 'weighted', 100)).toEqual({ a: 50, b: 50 });
  });

  it('uses keys of weight 0 only when every key has weight 0, then evenly', () => {
    const book = new HealthBook({ random: evenly(100), now: () => 0 });
    expect(tally(book, [target('a'), target('zero', 0)], 'weighted', 100)).toEqual({ a: 100, zero: 0 });
    expect(tally(book, [target('x', 0), target('y', 0)], 'weighted', 100)).toEqual({ x: 50, y: 50 });
  });
});

describe('adaptive', () => {
  it('picks exactly as weighted while every target is equally healthy', () => {
    const candidates = [target('a', 3), target('b', 1), target('c', 2)];
    const book = new HealthBook({ random: seeded(7), now: () => 0 });
    const reference = seeded(7);
    for (let i = 0; i < 500; i++) expect(book.pick(candidates, weightOf, 'adaptive')).toBe(pickWeighted(candidates, weightOf, reference));
  });

  it('counts latencies within a fifth of each other (and a few milliseconds) as equally fast', () => {
    const [a, b] = [target('a'), target('b')];
    const book = new HealthBook({ random: evenly(100), now: () => 0 });
    measure(book, a, 2);
    measure(book, b, 3);
    expect(tally(book, [a, b], 'adaptive', 100)).toEqual({ a: 50, b: 50 });
  });

  it('sends most traffic to the fast target and still samples the slow one', () => {
    const [slow, fast] = [target('slow'), target('fast')];
    const book = new HealthBook({ random: evenly(1000), now: () => 0 });
    measure(book, slow, 300);
    measure(book, fast, 10);
    const counts = tally(book, [slow, fast], 'adaptive', 1000);
    expect(counts.fast).toBeGreaterThanOrEqual(850);
    expect(counts.slow).toBeGreaterThanOrEqual(50);
  });

  it('keeps the exploration share even for a target with the lowest score', () => {
    const [bad, good] = [target('bad'), target('good')];
    const circuitBreaker = circuitBreakerSchema.parse({ consecutive_failures: 100, min_requests: 100 });
    const book = new HealthBook({ random: evenly(1000), now: () => 0, exploration: 0.1, circuitBreaker });
    for (let i = 0; i < 10; i++) {
      book.start(bad);
      book.finish(bad, { latencyMs: 5, failure: errors.upstreamError('p', 503, 'down') });
    }
    measure(book, good, 10);
    const counts = tally(book, [bad, good], 'adaptive', 1000);
    expect(counts.bad).toBeGreaterThanOrEqual(50);
    expect(counts.bad).toBeLessThanOrEqual(60);
  });

  it('sends less to a target whose recent attempts failed', () => {
    const [flaky, steady] = [target('flaky'), target('steady')];
    const book = new HealthBook({ random: evenly(1000), now: () => 0 });
    for (let i = 0; i < 10; i++) {
      book.start(flaky);
      book.finish(flaky, i % 3 === 0 ? { latencyMs: 10, failure: errors.upstreamError('p', 500, 'oops') } : { latencyMs: 10 });
      measure(book, steady, 10, 1);
    }
    const counts = tally(book, [flaky, steady], 'adaptive', 1000);
    expect(counts.flaky).toBeLessThan(400);
    expect(counts.flaky).toBeGreaterThan(100);
  });

  it('sends less to a target holding more requests in flight than its share', () => {
    const [stuck, free] = [target('stuck'), target('free')];
    const book = new HealthBook({ random: evenly(1000), now: () => 0 });
    for (let i = 0; i < 20; i++) book.start(stuck);
    const counts = tally(book, [stuck, free], 'adaptive', 1000);
    expect(counts.free).toBeGreaterThan(700);
  });

  it('returns to the weights once a slow target is fast again', () => {
    const [slow, fast] = [target('slow'), target('fast')];
    const book = new HealthBook({ random: seeded(11), now: () => 0 });
    measure(book, slow, 300);
    measure(book, fast, 10);
    // traffic as it flows: the slow target recovers, and is measured when picked
    let picksToRecover = 0;
    for (let picked = 0; picked < 50 && picksToRecover < 1000; picksToRecover++) {
      const chosen = book.pick([slow, fast], weightOf, 'adaptive')!;
      if (chosen === slow) picked++;
      measure(book, chosen, 10, 1);
    }
    expect(picksToRecover).toBeLessThan(400);
    const counts = tally(book, [slow, fast], 'adaptive', 1000);
    expect(counts.slow).toBeGreaterThan(420);
    expect(counts.slow).toBeLessThan(580);
  });
});

describe('least-latency', () => {
  it('measures every unmeasured target first', () => {
    const book = new HealthBook({ random: () => 0.5, now: () => 0 });
    const candidates = [target('a'), target('b', 2)];
    const first = book.pick(candidates, weightOf, 'least-latency')!;
    expect(first.name).toBe('b');
    measure(book, first, 50, 1);
    expect(book.pick(candidates, weightOf, 'least-latency')!.name).toBe('a');
  });

  it('picks the fastest but for the exploration share, spread by weight over the others', () => {
    const [slow, fastest, middle] = [target('slow', 1), target('fastest', 1), target('middle', 3)];
    const book = new HealthBook({ random: evenly(1000), now: () => 0, exploration: 0.1 });
    measure(book, slow, 300);
    measure(book, fastest, 10);
    measure(book, middle, 50);
    expect(tally(book, [slow, fastest, middle], 'least-latency', 1000)).toEqual({ slow: 25, fastest: 900, middle: 75 });
  });

  it('breaks ties by weight', () => {
    const [light, heavy] = [target('light', 1), target('heavy', 2)];
    const book = new HealthBook({ random: () => 0.5, now: () => 0 });
    measure(book, light, 10);
    measure(book, heavy, 10);
    expect(book.pick([light, heavy], weightOf, 'least-latency')).toBe(heavy);
  });
});

describe('round-robin', () => {
  it('alternates between equal weights, without drawing random numbers', () => {
    const book = new HealthBook({
      random: () => {
        throw new Error('round-robin drew a random number');
      },
      now: () => 0,
    });
    const candidates = [target('a'), target('b')];
    const names = Array.from({ length: 6 }, () => book.pick(candidates, weightOf, 'round-robin')!.name);
    expect(names).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('follows the weights, interleaved (smooth weighted round-robin)', () => {
    const book = new HealthBook({ now: () => 0 });
    const candidates = [target('a', 2), target('b', 1)];
    const names = Array.from({ length: 6 }, () => book.pick(candidates, weightOf, 'round-robin')!.name);
    expect(names).toEqual(['a', 'b', 'a', 'a', 'b', 'a']);
  });

  it('goes round the targets that are available only', () => {
    let time = 0;
    const book = new HealthBook({ now: () => time });
    const [a, b, c] = [target('a'), target('b'), target('c')];
    book.start(b);
    book.finish(b, { latencyMs: 1, failure: errors.providerAuthFailed('p', 401, 'no') });
    const names = Array.from({ length: 4 }, () => book.pick([a, b, c], weightOf, 'round-robin')!.name);
    expect(names).toEqual(['a', 'c', 'a', 'c']);
    time = 301_000;
    expect(Array.from({ length: 3 }, () => book.pick([a, b, c], weightOf, 'round-robin')!.name).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('every strategy', () => {
  const strategies: BalanceStrategy[] = ['weighted', 'adaptive', 'least-latency', 'round-robin'];

  it.each(strategies)('%s prefers candidates not tried yet, and takes a tried one when none is left', (strategy) => {
    const book = new HealthBook({ random: () => 0, now: () => 0 });
    const [a, b, c] = [target('a'), target('b'), target('c')];
    for (let i = 0; i < 5; i++) expect(book.pick([a, b, c], weightOf, strategy, [a, c])).toBe(b);
    expect([a, b]).toContain(book.pick([a, b], weightOf, strategy, [a, b]));
  });

  it.each(strategies)('%s picks the one available candidate, and none when none is', (strategy) => {
    const book = new HealthBook({ random: () => 0, now: () => 0 });
    const [a, b] = [target('a'), target('b')];
    const fail = (candidate: Target) => {
      book.start(candidate);
      book.finish(candidate, { latencyMs: 1, failure: errors.upstreamError('p', 500, 'down') });
    };
    for (let i = 0; i < 5; i++) fail(a); // the default breaker opens after 5
    expect(book.pick([a, b], weightOf, strategy)).toBe(b);
    for (let i = 0; i < 5; i++) fail(b);
    expect(book.pick([a, b], weightOf, strategy)).toBeUndefined();
    expect(book.pick([], weightOf, strategy)).toBeUndefined();
  });

  it.each(strategies)('%s handles more candidates than its buffers hold at first', (strategy) => {
    const book = new HealthBook({ random: evenly(300), now: () => 0 });
    const candidates = Array.from({ length: 300 }, (_, i) => target(`t${i}`));
    const seen = new Set(Array.from({ length: 300 }, () => book.pick(candidates, weightOf, strategy)!.name));
    expect(seen.size).toBeGreaterThan(strategy === 'least-latency' ? 0 : 250);
  });
});

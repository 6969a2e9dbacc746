import { describe, expect, it } from 'vitest';
import { circuitBreakerSchema } from '../config/routing-schema.js';
import { errors, type GatewayError } from '../errors/index.js';
import { HealthBook, type HealthBookOptions } from './health-book.js';

interface Target {
  name: string;
  weight: number;
  rpm?: number;
  tpm?: number;
}

const weightOf = (candidate: Target) => candidate.weight;
const failures = {
  transient: errors.upstreamError('p', 503, 'down'),
  timeout: errors.upstreamTimeout('p', 30),
  caller: errors.upstreamBadRequest('p', 400, 'bad'),
  cancelled: errors.requestCancelled(),
  credential: errors.providerAuthFailed('p', 401, 'bad key'),
  quota: errors.quotaExceeded('p', 429, 'no credit'),
  rateLimited: errors.rateLimited('p', 'slow down', 20),
  rateLimitedWithoutRetryAfter: errors.rateLimited('p', 'slow down'),
} satisfies Record<string, GatewayError>;

/** A health book on a fake clock (`time`, in milliseconds), with small breaker settings unless given. */
function setup(breaker: Record<string, unknown> = {}, options: HealthBookOptions = {}) {
  const clock = { time: 0 };
  const circuitBreaker = circuitBreakerSchema.parse({ consecutive_failures: 3, cooldown_seconds: 10, half_open_probes: 2, min_requests: 10, ...breaker });
  const book = new HealthBook({ random: () => 0, now: () => clock.time, circuitBreaker, ...options });
  const attempt = (target: Target, failure?: GatewayError, latencyMs = 10) => {
    book.start(target);
    book.finish(target, { latencyMs, failure });
  };
  return { clock, book, attempt };
}

describe('the circuit breaker, through the health book', () => {
  it('opens after consecutive failures, and the target is skipped until the cooldown ends', () => {
    const { clock, book, attempt } = setup();
    const [a, b]: Target[] = [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }];
    attempt(a, failures.transient);
    attempt(a, failures.timeout);
    expect(book.circuitState(a)).toBe('closed');
    attempt(a, failures.transient);
    expect(book.circuitState(a)).toBe('open');
    for (let i = 0; i < 5; i++) expect(book.pick([a, b], weightOf, 'adaptive')).toBe(b);
    expect(book.pick([a], weightOf, 'adaptive')).toBeUndefined();
    clock.time = 4_000;
    expect(book.retryAfterMs([a])).toBe(6_000);
    clock.time = 10_000;
    expect(book.circuitState(a)).toBe('half-open');
    expect(book.pick([a], weightOf, 'adaptive')).toBe(a);
  });

  it('lets half_open_probes requests through at once when half-open, and closes when they all succeed', () => {
    const { clock, book, attempt } = setup();
    const a: Target = { name: 'a', weight: 1 };
    for (let i = 0; i < 3; i++) attempt(a, failures.transient);
    clock.time = 10_000;
    book.start(a);
    book.start(a);
    expect(book.pick([a], weightOf, 'adaptive')).toBeUndefined();
    book.finish(a, { latencyMs: 10 });
    expect(book.circuitState(a)).toBe('half-open');
    expect(book.pick([a], weightOf, 'adaptive')).toBeUndefined();
    book.finish(a, { latencyMs: 10 });
    expect(book.circuitState(a)).toBe('closed');
    expect(book.pick([a], weightOf, 'adaptive')).toBe(a);
    attempt(a, failures.transient);
    attempt(a, failures.transient);
    expect(book.circuitState(a)).toBe('closed'); // the failures before it opened are forgotten
  });

  it('opens again for a whole cooldown when a probe fails', () => {
    const { clock, book, attempt } = setup();
    const a: Target = { name: 'a', weight: 1 };
    for (let i = 0; i < 3; i++) attempt(a, failures.transient);
    clock.time = 10_000;
    attempt(a, failures.transient);
    expect(book.circuitState(a)).toBe('open');
    clock.time = 19_999;
    expect(book.circuitState(a)).toBe('open');
    clock.time = 20_000;
    expect(book.circuitState(a)).toBe('half-open');
  });

  it('opens when the error rate over the window reaches error_rate, once min_requests were seen', () => {
    const { book, attempt } = setup({ consecutive_failures: 100, error_rate: 0.5, min_requests: 10 });
    const a: Target = { name: 'a', weight: 1 };
    for (let i = 0; i < 4; i++) {
      attempt(a);
      attempt(a, failures.transient);
    }
    attempt(a);
    expect(book.circuitState(a)).toBe('closed'); // 4 of 9: too few requests, and under the rate
    attempt(a, failures.transient);
    expect(book.circuitState(a)).toBe('open'); // 5 of 10
  });

  it('counts only the failures of the last window_seconds toward the error rate', () => {
    const { clock, book, attempt } = setup({ consecutive_failures: 100, error_rate: 0.5, min_requests: 4, window_seconds: 10 });
    const a: Target = { name: 'a', weight: 1 };
    attempt(a, failures.transient);
    attempt(a, failures.transient);
    attempt(a);
    clock.time = 11_000;
    attempt(a);
    attempt(a);
    attempt(a, failures.transient);
    attempt(a);
    expect(book.circuitState(a)).toBe('closed'); // 1 of 4 in the window
  });

  it('does not count caller errors or cancellations, and gives a probe its place back for them', () => {
    const { clock, book, attempt } = setup({ half_open_probes: 1 });
    const a: Target = { name: 'a', weight: 1 };
    for (let i = 0; i < 10; i++) attempt(a, i % 2 === 0 ? failures.caller : failures.cancelled);
    expect(book.circuitState(a)).toBe('closed');
    for (let i = 0; i < 3; i++) attempt(a, failures.transient);
    clock.time = 10_000;
    attempt(a, failures.caller);
    expect(book.pick([a], weightOf, 'adaptive')).toBe(a);
    attempt(a);
    expect(book.circuitState(a)).toBe('closed');
  });

  it('a success resets the consecutive failures', () => {
    const { book, attempt } = setup({ min_requests: 100 });
    const a: Target = { name: 'a', weight: 1 };
    for (let i = 0; i < 10; i++) {
      attempt(a, failures.transient);
      attempt(a, failures.transient);
      attempt(a);
    }
    expect(book.circuitState(a)).toBe('closed');
  });
});

describe('cooldowns', () => {
  it('takes a key the provider refused (401, 403) out for credential_cooldown_seconds', () => {
    const { clock, book, attempt } = setup({ credential_cooldown_seconds: 300 });
    const [bad, good]: Target[] = [{ name: 'bad', weight: 1 }, { name: 'good', weight: 1 }];
    attempt(bad, failures.credential);
    for (let i = 0; i < 5; i++) expect(book.pick([bad, good], weightOf, 'weighted')).toBe(good);
    clock.time = 299_999;
    expect(book.pick([bad, good], weightOf, 'weighted')).toBe(good);
    clock.time = 300_000;
    expect(book.pick([bad, good], weightOf, 'weighted')).toBe(bad);
  });

  it('still picks a cooling key when no other may take the request, so the provider answers for itself', () => {
    const { book, attempt } = setup();
    const [refused, open]: Target[] = [{ name: 'refused', weight: 1 }, { name: 'open', weight: 1 }];
    attempt(refused, failures.credential);
    expect(book.pick([refused], weightOf, 'adaptive')).toBe(refused);
    for (let i = 0; i < 3; i++) attempt(open, failures.transient);
    expect(book.pick([refused, open], weightOf, 'adaptive')).toBe(refused);
    expect(book.retryAfterMs([refused])).toBe(0);
  });

  it('takes a key out of quota out for credential_cooldown_seconds too', () => {
    const { clock, book, attempt } = setup({ credential_cooldown_seconds: 60 });
    const [key, other]: Target[] = [{ name: 'k', weight: 1 }, { name: 'other', weight: 1 }];
    attempt(key, failures.quota);
    expect(book.pick([key, other], weightOf, 'adaptive')).toBe(other);
    clock.time = 60_000;
    expect(book.pick([key, other], weightOf, 'adaptive')).toBe(key);
  });

  it('cools a key that answered 429 with Retry-After for that long', () => {
    const { clock, book, attempt } = setup();
    const [key, other]: Target[] = [{ name: 'k', weight: 1 }, { name: 'other', weight: 1 }];
    attempt(key, failures.rateLimited);
    for (let i = 0; i < 4; i++) expect(book.pick([key, other], weightOf, 'round-robin')).toBe(other);
    clock.time = 20_000;
    expect([0, 1, 2, 3].map(() => book.pick([key, other], weightOf, 'round-robin')!.name).sort()).toEqual(['k', 'k', 'other', 'other']);
  });

  it('does not cool a key for a 429 without Retry-After', () => {
    const { book, attempt } = setup();
    const [key, other]: Target[] = [{ name: 'k', weight: 1 }, { name: 'other', weight: 1 }];
    attempt(key, failures.rateLimitedWithoutRetryAfter);
    expect(book.pick([key, other], weightOf, 'weighted')).toBe(key);
  });

  it('tells how long until the first circuit of several half-opens, and 0 when one is closed', () => {
    const { clock, book, attempt } = setup();
    const [a, b, c]: Target[] = [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }, { name: 'c', weight: 1 }];
    for (let i = 0; i < 3; i++) attempt(a, failures.transient);
    clock.time = 2_000;
    for (let i = 0; i < 3; i++) attempt(b, failures.transient);
    clock.time = 3_000;
    expect(book.pick([a, b], weightOf, 'adaptive')).toBeUndefined();
    expect(book.retryAfterMs([a, b])).toBe(7_000);
    expect(book.retryAfterMs([b])).toBe(9_000);
    expect(book.retryAfterMs([a, b, c])).toBe(0);
  });
});

describe('rate hints (rpm, tpm)', () => {
  it('reduces the share of a key near its rpm and skips it over the limit while another is available', () => {
    const { clock, book } = setup({}, { random: evenlySpaced(100) });
    const limited: Target = { name: 'limited', weight: 1, rpm: 10 };
    const other: Target = { name: 'other', weight: 1 };
    for (let i = 0; i < 9; i++) book.start(limited);
    const near = tally(book, [limited, other], 100, 'weighted');
    expect(near.limited).toBeGreaterThan(0);
    expect(near.limited).toBeLessThan(40);
    book.start(limited);
    expect(tally(book, [limited, other], 100, 'weighted')).toEqual({ limited: 0, other: 100 });
    expect(book.pick([limited], weightOf, 'weighted')).toBe(limited); // no other: it is still tried
    clock.time = 61_000;
    expect(tally(book, [limited, other], 100, 'weighted')).toEqual({ limited: 50, other: 50 });
  });

  it('counts the tokens answers report against tpm', () => {
    const { book } = setup({}, { random: evenlySpaced(100) });
    const limited: Target = { name: 'limited', weight: 1, tpm: 1_000 };
    const other: Target = { name: 'other', weight: 1 };
    book.start(limited);
    book.finish(limited, { latencyMs: 10, tokens: 1_200 });
    expect(tally(book, [limited, other], 100)).toEqual({ limited: 0, other: 100 });
  });

  it('does nothing for keys without limits', () => {
    const { book } = setup({}, { random: evenlySpaced(100) });
    const [a, b]: Target[] = [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }];
    for (let i = 0; i < 10_000; i++) book.start(a);
    expect(tally(book, [a, b], 100, 'weighted')).toEqual({ a: 50, b: 50 });
  });
});

describe('latencyP95', () => {
  it('is undefined until ten attempts succeeded, then the 95th percentile of recent latencies', () => {
    const { book, attempt } = setup();
    const a: Target = { name: 'a', weight: 1 };
    expect(book.latencyP95(a)).toBeUndefined();
    for (let ms = 1; ms <= 9; ms++) attempt(a, undefined, ms);
    expect(book.latencyP95(a)).toBeUndefined();
    for (let ms = 10; ms <= 20; ms++) attempt(a, undefined, ms);
    expect(book.latencyP95(a)).toBe(19);
  });

  it('counts timeouts as samples, other failures not', () => {
    const { book, attempt } = setup({ consecutive_failures: 100, min_requests: 100 });
    const a: Target = { name: 'a', weight: 1 };
    for (let i = 0; i < 10; i++) attempt(a, failures.transient, 1);
    expect(book.latencyP95(a)).toBeUndefined();
    for (let i = 0; i < 10; i++) attempt(a, failures.timeout, 30_000);
    expect(book.latencyP95(a)).toBe(30_000);
  });
});

function evenlySpaced(count: number): () => number {
  let i = 0;
  return () => (i++ % count) / count;
}

function tally(book: HealthBook, candidates: Target[], picks: number, strategy: 'weighted' | 'adaptive' = 'adaptive'): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(candidates.map((candidate) => [candidate.name, 0]));
  for (let i = 0; i < picks; i++) counts[book.pick(candidates, weightOf, strategy)!.name]++;
  return counts;
}

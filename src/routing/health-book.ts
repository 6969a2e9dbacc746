import type { GatewayError } from '../errors/index.js';

/** How traffic is spread over the targets of one choice (a provider's keys, a virtual model's targets). */
export type BalanceStrategy = 'weighted' | 'adaptive' | 'least-latency' | 'round-robin';

/** How one attempt on a target ended. */
export interface AttemptOutcome {
  /** The failure, or `undefined` for a success. */
  failure?: GatewayError;
  /** Milliseconds from the attempt's start to its answer (to the first chunk, for a stream). */
  latencyMs: number;
}

/** Options of a `HealthBook`. */
export interface HealthBookOptions {
  /** Random source for weighted choices; inject one to make tests deterministic. */
  random?: () => number;
  /** Clock in milliseconds; inject one to make tests deterministic. */
  now?: () => number;
}

/**
 * What the gateway knows of every target it sends traffic to (a provider key, a
 * virtual model's target), and how it chooses among them. Targets are objects,
 * tracked by identity. (This first version picks by weight and keeps no state;
 * the adaptive strategies and circuit breaking build on the same calls.)
 */
export class HealthBook {
  readonly #random: () => number;

  constructor(options: HealthBookOptions = {}) {
    this.#random = options.random ?? Math.random;
  }

  /**
   * Picks one of `candidates` by `strategy`, preferring those not in `exclude`
   * (already tried); `undefined` when none may take a request now.
   */
  pick<T extends object>(candidates: readonly T[], weightOf: (candidate: T) => number, strategy: BalanceStrategy, exclude?: readonly T[]): T | undefined {
    void strategy;
    if (candidates.length === 1) return candidates[0];
    const fresh = exclude === undefined || exclude.length === 0 ? candidates : candidates.filter((candidate) => !exclude.includes(candidate));
    return pickWeighted(fresh.length > 0 ? fresh : candidates, weightOf, this.#random);
  }

  /** An attempt on `target` begins. */
  start(target: object): void {
    void target;
  }

  /** An attempt on `target` ended with `outcome`. */
  finish(target: object, outcome: AttemptOutcome): void {
    void target;
    void outcome;
  }

  /** The target's recent 95th-percentile latency in milliseconds, once there are enough samples. */
  latencyP95(target: object): number | undefined {
    void target;
    return undefined;
  }
}

/** Picks at random in proportion to weight; candidates of weight 0 only when all are 0. */
export function pickWeighted<T>(candidates: readonly T[], weightOf: (candidate: T) => number, random: () => number): T {
  let total = 0;
  for (const candidate of candidates) total += weightOf(candidate);
  if (total <= 0) return candidates[Math.floor(random() * candidates.length)]!;
  let point = random() * total;
  for (const candidate of candidates) {
    point -= weightOf(candidate);
    if (point < 0) return candidate;
  }
  return candidates[candidates.length - 1]!;
}

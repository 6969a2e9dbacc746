import { circuitBreakerSchema, type CircuitBreakerConfig } from '../config/routing-schema.js';
import type { GatewayError } from '../errors/index.js';
import { type CircuitSettings, type CircuitState, toCircuitSettings } from './circuit-breaker.js';
import { minimumScore } from './health-score.js';
import { p95Scratch } from './latency-estimate.js';
import { nearLimit, rateFactor } from './rate-hint.js';
import { type Choice, pickAdaptiveIndex, pickLeastLatencyIndex, pickRoundRobinIndex, pickWeightedIndex } from './strategies.js';
import { TargetStats } from './target-stats.js';

/** How traffic is spread over the targets of one choice (a provider's keys, a virtual model's targets). */
export type BalanceStrategy = 'weighted' | 'adaptive' | 'least-latency' | 'round-robin';

/** How one attempt on a target ended. */
export interface AttemptOutcome {
  /** The failure, or `undefined` for a success. */
  failure?: GatewayError;
  /** Milliseconds from the attempt's start to its answer (to the first chunk, for a stream). */
  latencyMs: number;
  /** Tokens the answer used (prompt and completion), when the core knows them; counted against a key's `tpm`. */
  tokens?: number;
}

/** Options of a `HealthBook`. */
export interface HealthBookOptions {
  /** Random source for weighted choices; inject one to make tests deterministic. */
  random?: () => number;
  /** Clock in milliseconds (`performance.now` by default); inject one to make tests deterministic. */
  now?: () => number;
  /** `routing.circuit_breaker`; the schema's defaults when absent. */
  circuitBreaker?: CircuitBreakerConfig;
  /**
   * Share of `adaptive` picks that follow the weights alone, and of `least-latency`
   * picks that go to another than the fastest, so that every target keeps being
   * measured; 0.1 by default.
   */
  exploration?: number;
}

const defaultSettings = toCircuitSettings(circuitBreakerSchema.parse({}));

/**
 * What the gateway knows of every target it sends traffic to (a provider key, a
 * virtual model's target), and how it chooses among them. Targets are objects,
 * tracked by identity (a target carrying `rpm`/`tpm` numbers, as a configured
 * key does, gets rate hints). Per target: moving latency, p95, errors over the
 * window, consecutive failures, requests in flight, a circuit breaker and a
 * cooldown (see `docs/routing.md`). Every call is O(candidates), needs no timer
 * (state is computed from timestamps) and allocates nothing once a target is known.
 */
export class HealthBook {
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #settings: CircuitSettings;
  readonly #exploration: number;
  readonly #stats = new WeakMap<object, TargetStats>();
  readonly #choice: Choice = { count: 0, weights: new Float64Array(8), total: 0, stats: [], scratch: new Float64Array(8) };
  readonly #ranks = new Int8Array(256);
  readonly #p95Scratch = p95Scratch();

  constructor(options: HealthBookOptions = {}) {
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? performance.now.bind(performance);
    this.#settings = options.circuitBreaker ? toCircuitSettings(options.circuitBreaker) : defaultSettings;
    this.#exploration = options.exploration ?? 0.1;
  }

  /**
   * Picks one of `candidates` by `strategy`; `undefined` when every one's circuit
   * is open (or half-open with all its probes out). Among the others it prefers,
   * in this order: those not cooling down (after a refusal or a `Retry-After`),
   * those not in `exclude` (already tried), those under their rate limits, those of
   * weight above 0; it takes the best tier there is. Near its rate limit a key's
   * weight shrinks.
   */
  pick<T extends object>(candidates: readonly T[], weightOf: (candidate: T) => number, strategy: BalanceStrategy, exclude?: readonly T[]): T | undefined {
    const count = candidates.length;
    if (count === 0) return undefined;
    const now = this.#now();
    const choice = this.#prepare(count);
    const { weights, stats } = choice;
    const ranks = count <= this.#ranks.length ? this.#ranks : new Int8Array(count);
    let bestRank = -1;
    for (let index = 0; index < count; index++) {
      const candidate = candidates[index];
      let entry = this.#stats.get(candidate);
      if (entry === undefined && strategy === 'round-robin') this.#stats.set(candidate, (entry = new TargetStats(candidate, this.#settings)));
      stats[index] = entry;
      let rank = -1;
      if (entry === undefined || entry.admitsAt(now, this.#settings) <= now) {
        const weight = weightOf(candidate);
        const usage = entry?.rate?.usage(now) ?? 0;
        weights[index] = usage < nearLimit ? weight : weight * rateFactor(usage, minimumScore);
        rank =
          (entry?.cooling(now) === true ? 0 : 8) +
          (exclude !== undefined && exclude.includes(candidate) ? 0 : 4) +
          (usage < 1 ? 2 : 0) +
          (weight > 0 ? 1 : 0);
      }
      ranks[index] = rank;
      if (rank > bestRank) bestRank = rank;
    }
    if (bestRank < 0) return undefined;
    if (count === 1) return candidates[0];
    const unweighted = (bestRank & 1) === 0;
    let total = 0;
    let last = 0;
    let poolSize = 0;
    for (let index = 0; index < count; index++) {
      if (ranks[index] !== bestRank) {
        weights[index] = -1;
        continue;
      }
      if (unweighted) weights[index] = 1;
      total += weights[index];
      last = index;
      poolSize++;
    }
    if (poolSize === 1) return candidates[last];
    choice.total = total;
    return candidates[this.#pickIndex(choice, strategy, now)];
  }

  /** An attempt on `target` begins. */
  start(target: object): void {
    this.#entry(target).started(this.#now());
  }

  /** An attempt on `target` ended with `outcome`. */
  finish(target: object, outcome: AttemptOutcome): void {
    this.#entry(target).finished(this.#now(), outcome, this.#settings);
  }

  /** The target's recent 95th-percentile latency in milliseconds, once there are enough samples (10). */
  latencyP95(target: object): number | undefined {
    return this.#stats.get(target)?.latency.p95(this.#p95Scratch);
  }

  /**
   * Milliseconds until the circuit of the first of `candidates` lets a request
   * through again (it half-opens); 0 when one does now. What a caller refused
   * with `targets_unavailable` is told to wait (`retry-after`).
   */
  retryAfterMs(candidates: readonly object[]): number {
    const now = this.#now();
    let first = Infinity;
    for (const candidate of candidates) {
      const entry = this.#stats.get(candidate);
      const at = entry === undefined ? now : entry.admitsAt(now, this.#settings);
      if (at < first) first = at;
    }
    return first === Infinity ? 0 : Math.max(0, first - now);
  }

  /** The state of `target`'s circuit now (`closed` for a target not seen yet). */
  circuitState(target: object): CircuitState {
    return this.#stats.get(target)?.circuit.state(this.#now()) ?? 'closed';
  }

  #pickIndex(choice: Choice, strategy: BalanceStrategy, now: number): number {
    switch (strategy) {
      case 'weighted':
        return pickWeightedIndex(choice, this.#random);
      case 'round-robin':
        return pickRoundRobinIndex(choice);
      case 'least-latency':
        return pickLeastLatencyIndex(choice, this.#random, this.#exploration);
      case 'adaptive':
        return pickAdaptiveIndex(choice, now, this.#random, this.#exploration);
    }
  }

  #prepare(count: number): Choice {
    const choice = this.#choice;
    if (choice.weights.length < count) {
      choice.weights = new Float64Array(count * 2);
      choice.scratch = new Float64Array(count * 2);
    }
    choice.count = count;
    return choice;
  }

  #entry(target: object): TargetStats {
    let entry = this.#stats.get(target);
    if (entry === undefined) this.#stats.set(target, (entry = new TargetStats(target, this.#settings)));
    return entry;
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

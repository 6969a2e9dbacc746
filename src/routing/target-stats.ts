import type { AttemptOutcome } from './health-book.js';
import { CircuitBreaker, type CircuitSettings } from './circuit-breaker.js';
import { failureEffect } from './failure-effect.js';
import { LatencyEstimate } from './latency-estimate.js';
import { RateHint } from './rate-hint.js';
import { SlidingSum } from './sliding-sum.js';

/** How long a half-open circuit whose probes are all out is assumed to stay closed to new requests. */
const probeWaitMs = 1000;

/**
 * What the health book knows of one target: latency, attempts and failures over
 * the window, consecutive failures, requests in flight, its circuit, a cooldown,
 * and (for keys with `rpm`/`tpm`) its use of the rate limits.
 */
export class TargetStats {
  readonly latency = new LatencyEstimate();
  readonly circuit = new CircuitBreaker();
  readonly attempts: SlidingSum;
  readonly failures: SlidingSum;
  readonly rate: RateHint | undefined;
  inFlight = 0;
  consecutiveFailures = 0;
  /** Until when the key is out after a refusal or a `Retry-After`. */
  coolsUntil = -Infinity;
  /** The smooth weighted round-robin's running weight. */
  roundRobinWeight = 0;

  constructor(target: object, settings: CircuitSettings) {
    this.attempts = new SlidingSum(settings.windowMs);
    this.failures = new SlidingSum(settings.windowMs);
    this.rate = RateHint.of(target);
  }

  /** When the target's circuit lets a request through again: at or before `now` when it does now. */
  admitsAt(now: number, settings: CircuitSettings): number {
    return this.circuit.admits(now, settings) ? now : (this.circuit.halfOpenAt(now) ?? now + probeWaitMs);
  }

  /** Whether the key is cooling down at `now` (after a refusal or a `Retry-After`). */
  cooling(now: number): boolean {
    return this.coolsUntil > now;
  }

  /** An attempt starts at `now`. */
  started(now: number): void {
    this.inFlight++;
    this.circuit.started(now);
    this.rate?.sent(now);
  }

  /** An attempt that started earlier ended at `now` with `outcome`. */
  finished(now: number, outcome: AttemptOutcome, settings: CircuitSettings): void {
    if (this.inFlight > 0) this.inFlight--;
    if (outcome.tokens !== undefined && outcome.tokens > 0) this.rate?.used(now, outcome.tokens);
    const failure = outcome.failure;
    if (failure === undefined) {
      this.consecutiveFailures = 0;
      this.attempts.add(now, 1);
      this.latency.record(now, outcome.latencyMs, settings.windowMs);
      if (this.circuit.succeeded(now, settings)) this.#forgetFailures();
      return;
    }
    const effect = failureEffect(failure);
    if (effect === 'none') return this.circuit.released(now);
    this.consecutiveFailures++;
    this.attempts.add(now, 1);
    this.failures.add(now, 1);
    if (failure.failureClass === 'timeout') this.latency.record(now, outcome.latencyMs, settings.windowMs);
    if (effect === 'refused') this.#coolFor(now, settings.credentialCooldownMs);
    else if (failure.failureClass === 'rate-limit' && failure.retryAfter !== undefined) this.#coolFor(now, failure.retryAfter * 1000);
    this.circuit.failed(now, this.#trips(now, settings), settings);
  }

  /** The share of attempts that failed over the window, smoothed toward 0 while there are few (`failures / (attempts + 2)`). */
  errorRate(now: number): number {
    return this.failures.total(now) / (this.attempts.total(now) + 2);
  }

  #trips(now: number, settings: CircuitSettings): boolean {
    if (this.consecutiveFailures >= settings.consecutiveFailures) return true;
    const attempts = this.attempts.total(now);
    return attempts >= settings.minRequests && this.failures.total(now) / attempts >= settings.errorRate;
  }

  #coolFor(now: number, ms: number): void {
    this.coolsUntil = Math.max(this.coolsUntil, now + ms);
  }

  /** A circuit that closed starts afresh: the failures that opened it are no longer counted. */
  #forgetFailures(): void {
    this.consecutiveFailures = 0;
    this.attempts.clear();
    this.failures.clear();
  }
}

import type { CircuitBreakerConfig } from '../config/routing-schema.js';

/** Where a circuit stands: `closed` lets everything through, `open` nothing, `half-open` a few probes. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** `routing.circuit_breaker` in milliseconds, as the health book uses it. */
export interface CircuitSettings {
  consecutiveFailures: number;
  errorRate: number;
  minRequests: number;
  windowMs: number;
  cooldownMs: number;
  halfOpenProbes: number;
  credentialCooldownMs: number;
}

/** The settings of a `routing.circuit_breaker` section. */
export function toCircuitSettings(config: CircuitBreakerConfig): CircuitSettings {
  return {
    consecutiveFailures: config.consecutive_failures,
    errorRate: config.error_rate,
    minRequests: config.min_requests,
    windowMs: config.window_seconds * 1000,
    cooldownMs: config.cooldown_seconds * 1000,
    halfOpenProbes: config.half_open_probes,
    credentialCooldownMs: config.credential_cooldown_seconds * 1000,
  };
}

/**
 * One target's circuit: closed → open (the caller decides when it trips) →
 * half-open once `cooldownMs` passed (computed from timestamps, no timer) →
 * closed when `halfOpenProbes` probes all succeeded, or open again when one fails.
 * While half-open, at most `halfOpenProbes` probes are let through in all, so
 * never more than that many at once; a probe that ends saying nothing about the
 * target (a caller error, a cancellation) gives its place back.
 */
export class CircuitBreaker {
  #state: CircuitState = 'closed';
  #openUntil = 0;
  #probesInFlight = 0;
  #probesPassed = 0;

  /** The state at `now` (an open circuit whose cooldown ended is half-open). */
  state(now: number): CircuitState {
    if (this.#state === 'open' && now >= this.#openUntil) {
      this.#state = 'half-open';
      this.#probesInFlight = 0;
      this.#probesPassed = 0;
    }
    return this.#state;
  }

  /** Whether a request may go through at `now`. */
  admits(now: number, settings: CircuitSettings): boolean {
    const state = this.state(now);
    return state === 'closed' || (state === 'half-open' && this.#probesInFlight + this.#probesPassed < settings.halfOpenProbes);
  }

  /** When an open circuit turns half-open; `undefined` unless it is open at `now`. */
  halfOpenAt(now: number): number | undefined {
    return this.state(now) === 'open' ? this.#openUntil : undefined;
  }

  /** A request starts. */
  started(now: number): void {
    if (this.state(now) === 'half-open') this.#probesInFlight++;
  }

  /** A request succeeded; `true` when that closed the circuit. */
  succeeded(now: number, settings: CircuitSettings): boolean {
    if (this.state(now) !== 'half-open' || this.#probesInFlight === 0) return false;
    this.#probesInFlight--;
    if (++this.#probesPassed < settings.halfOpenProbes) return false;
    this.#state = 'closed';
    return true;
  }

  /** A request failed in a way that counts; `trips` says whether the closed circuit's thresholds were reached. `true` when that opened it. */
  failed(now: number, trips: boolean, settings: CircuitSettings): boolean {
    const state = this.state(now);
    if (state === 'open' || (state === 'closed' && !trips)) return false;
    this.#state = 'open';
    this.#openUntil = now + settings.cooldownMs;
    return true;
  }

  /** A request ended saying nothing about the target: a probe's place is given back. */
  released(now: number): void {
    if (this.state(now) === 'half-open' && this.#probesInFlight > 0) this.#probesInFlight--;
  }
}

import { z } from 'zod';

const positive = z.number().positive();

/** How traffic is spread over the choices of one decision (a provider's keys, a virtual model's targets). */
export const strategySchema = z.enum(['weighted', 'adaptive', 'least-latency', 'round-robin']);

/** When a target (a key, a virtual model's target) is taken out, and how it comes back. */
export const circuitBreakerSchema = z.object({
  /** Consecutive failures that open the circuit. */
  consecutive_failures: z.number().int().min(1).default(5),
  /** Share of failed requests, over `window_seconds`, that opens it (once `min_requests` were seen). */
  error_rate: z.number().gt(0).max(1).default(0.5),
  min_requests: z.number().int().min(1).default(20),
  window_seconds: positive.default(30),
  /** Seconds an open circuit stays open before it lets probes through (half-open). */
  cooldown_seconds: positive.default(30),
  /** Probe requests let through while half-open; all succeeding closes the circuit, one failing opens it again. */
  half_open_probes: z.number().int().min(1).default(3),
  /** Seconds a key stays out after the provider refused it (401, 403, out of quota). */
  credential_cooldown_seconds: positive.default(300),
});

/** Sending the same request to the next target when the first is slow, and taking the first answer. */
export const hedgeSchema = z.object({
  /** Milliseconds to wait before the hedge; without it, the first target's recent p95 latency. */
  after_ms: positive.optional(),
  /** The smallest wait when it comes from the p95 (so a fast target is not hedged at once). */
  min_delay_ms: z.number().min(0).default(50),
});

/** One target of a virtual model. */
export const virtualTargetSchema = z.object({
  /** `provider/model`. */
  model: z.string().min(1),
  weight: z.number().min(0).default(1),
});

/** An alias (`"smart"`) that routes to a list of weighted targets. */
export const virtualModelSchema = z.object({
  targets: z.array(virtualTargetSchema).min(1),
  /** How the first target of each request is chosen; the others follow as fallbacks, best first. */
  strategy: strategySchema.optional(),
  /** Models tried after every target failed, in order. */
  fallbacks: z.array(z.string().min(1)).default([]),
  hedge: hedgeSchema.optional(),
});

/** The `routing` section: fallbacks, virtual models, balancing, circuit breaking, hedging. */
export const routingSchema = z.object({
  /** How a provider's keys share traffic, unless the provider says otherwise (`providers.<name>.key_selection`). */
  strategy: strategySchema.default('adaptive'),
  circuit_breaker: circuitBreakerSchema.prefault({}),
  /** Fallbacks by requested model (`provider/model`), tried in order when it fails. */
  fallbacks: z.record(z.string(), z.array(z.string().min(1))).default({}),
  virtual_models: z.record(z.string(), virtualModelSchema).default({}),
  /** Hedging by requested model (`provider/model`); virtual models set theirs in `virtual_models`. */
  hedge: z.record(z.string(), hedgeSchema).default({}),
});

export type RoutingConfig = z.output<typeof routingSchema>;
export type VirtualModelConfig = z.output<typeof virtualModelSchema>;
export type CircuitBreakerConfig = z.output<typeof circuitBreakerSchema>;
export type HedgeConfig = z.output<typeof hedgeSchema>;

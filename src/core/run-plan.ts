import { performance } from 'node:perf_hooks';
import type { CancelSignal } from '../api/cancel-signal.js';
import { type FailureClass, type GatewayError, toGatewayError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { HealthBook } from '../routing/health-book.js';
import { hedge } from './hedge.js';
import type { RequestContext } from './request-context.js';
import type { HedgePolicy, RoutePlan, Target } from './route-plan.js';

/** Failures another target may mend; a caller error, a cancellation or a defect of the gateway never falls back. */
const fallbackClasses: ReadonlySet<FailureClass> = new Set<FailureClass>(['transient', 'timeout', 'rate-limit', 'credential', 'quota']);

/** Whether the next target is tried after `failure`. */
export function fallsBack(failure: GatewayError): boolean {
  return fallbackClasses.has(failure.failureClass);
}

/** One operation, as `runPlan` tries it on each target. */
export interface PlanAttempt<T> {
  /** Refuses a target before anything is sent (an operation or a capability it lacks): that target is skipped. */
  check?(target: Target): void;
  /** The operation on one target, with that target's own retries; for a stream, until its first item. */
  run(target: Target, signal: CancelSignal | undefined): Promise<T>;
  /** Frees an answer that came after the call was decided (a hedge's stream: its connection and slot). */
  discard?(result: T, target: Target): void;
}

/** The answer and the target that gave it. */
export interface Served<T> {
  result: T;
  target: Target;
}

/**
 * Tries a plan's targets in order, each with its own retry budget, moving on
 * only when the failure class allows it; with hedging, the first two race (see
 * `hedge`). The serving target goes into the context (`provider`, `model`,
 * `fallbackIndex`, `hedge`). When every target fails, the primary's error is
 * thrown (the most meaningful), and every target's failure is logged at warn.
 */
export async function runPlan<T>(plan: RoutePlan, context: RequestContext, health: HealthBook, logger: Logger, attempt: PlanAttempt<T>): Promise<Served<T>> {
  const failures: { target: Target; failure: GatewayError }[] = [];
  const usable: Target[] = [];
  for (const target of plan.targets) {
    try {
      attempt.check?.(target);
      usable.push(target);
    } catch (error) {
      failures.push({ target, failure: toGatewayError(error) });
    }
  }
  const run = (target: Target, signal: CancelSignal | undefined): Promise<T> => {
    context.provider = target.runtime.name;
    context.model = target.model;
    return track(health, target, () => attempt.run(target, signal));
  };

  let next = 0;
  const delayMs = plan.hedge !== undefined && usable.length > 1 ? hedgeDelay(plan.hedge, usable[0], health) : undefined;
  if (delayMs !== undefined) {
    const [first, second] = usable as [Target, Target];
    const discard = (result: T, hedged: boolean) => attempt.discard?.(result, hedged ? second : first);
    const raced = await hedge((signal) => run(first, signal), (signal) => run(second, signal), delayMs, context.signal, fallsBack, discard);
    if (raced.won) {
      if (raced.hedgeSent) context.hedge = raced.hedged ? 'won' : 'lost';
      return served(plan, context, raced.hedged ? second : first, raced.result);
    }
    const [firstFailure, secondFailure] = raced.failures;
    failures.push({ target: first, failure: firstFailure });
    if (secondFailure !== undefined) failures.push({ target: second, failure: secondFailure });
    next = fallsBack(firstFailure) && (secondFailure === undefined || fallsBack(secondFailure)) ? raced.failures.length : usable.length;
  }
  for (; next < usable.length && !context.signal?.aborted; next++) {
    const target = usable[next];
    try {
      return served(plan, context, target, await run(target, context.signal));
    } catch (error) {
      const failure = toGatewayError(error);
      failures.push({ target, failure });
      if (!fallsBack(failure)) break;
    }
  }
  throw giveUp(plan, context, failures, logger);
}

function served<T>(plan: RoutePlan, context: RequestContext, target: Target, result: T): Served<T> {
  context.provider = target.runtime.name;
  context.model = target.model;
  context.fallbackIndex = plan.targets.indexOf(target);
  return { result, target };
}

/** The error of a plan whose targets all failed: the primary's, unless the caller went away. */
function giveUp(plan: RoutePlan, context: RequestContext, failures: readonly { target: Target; failure: GatewayError }[], logger: Logger): GatewayError {
  const cancelled = failures.find((entry) => entry.failure.failureClass === 'cancelled');
  const primary = failures.find((entry) => entry.target === plan.targets[0]) ?? failures[0]!;
  const chosen = cancelled ?? primary;
  context.provider = chosen.target.runtime.name;
  context.model = chosen.target.model;
  if (plan.targets.length > 1 && cancelled === undefined) {
    const attempts = failures.map((entry) => ({ target: entry.target.label, code: entry.failure.code }));
    logger.warn({ requestId: context.requestId, attempts }, 'every target of the request failed');
  }
  return chosen.failure;
}

/** Reports one target's attempt (retries included) to the health book, when the target is one it follows. */
function track<T>(health: HealthBook, target: Target, run: () => Promise<T>): Promise<T> {
  if (!target.tracked) return call(run);
  health.start(target);
  const startedAt = performance.now();
  return call(run).then(
    (result) => {
      health.finish(target, { latencyMs: performance.now() - startedAt });
      return result;
    },
    (error: unknown) => {
      health.finish(target, { latencyMs: performance.now() - startedAt, failure: toGatewayError(error) });
      throw error;
    },
  );
}

function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** When to send the hedge: the configured delay, or the first target's recent p95 (at least `minDelayMs`); none while it is unknown. */
function hedgeDelay(policy: HedgePolicy, target: Target, health: HealthBook): number | undefined {
  if (policy.afterMs !== undefined) return policy.afterMs;
  const p95 = target.tracked ? health.latencyP95(target) : undefined;
  return p95 === undefined ? undefined : Math.max(p95, policy.minDelayMs);
}

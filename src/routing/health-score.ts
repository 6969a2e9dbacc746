import type { TargetStats } from './target-stats.js';

/** The lowest score: a target is never left with no share at all. */
export const minimumScore = 0.01;
/** Latencies within this ratio of the best count as equally fast. */
const latencyTolerance = 1.2;
/** Added to both latencies compared, so that differences of a millisecond or two do not matter. */
const latencyCushionMs = 5;

/**
 * How healthy a target looks next to the others of one choice, in
 * [`minimumScore`, 1]: the product of
 * - latency: `1.2 × (best + 5) / (own + 5)` capped at 1 (own and best are moving averages; unmeasured counts as 1);
 * - errors: `(1 − failures / (attempts + 2))²` over the window, divided by `1 + consecutive failures`;
 * - load: `((expected + 2) / (in flight + 1))²` when more than one request beyond its
 *   share (`expectedInFlight`, the in-flight total split by weight) is in flight, 1 otherwise.
 */
export function healthScore(stats: TargetStats | undefined, now: number, bestLatencyMs: number, expectedInFlight: number): number {
  if (stats === undefined) return 1;
  let score = 1;
  const average = stats.latency.average;
  if (average !== undefined) score = Math.min(1, (latencyTolerance * (bestLatencyMs + latencyCushionMs)) / (average + latencyCushionMs));
  const success = 1 - stats.errorRate(now);
  score *= (success * success) / (1 + stats.consecutiveFailures);
  if (stats.inFlight > expectedInFlight + 1) {
    const load = (expectedInFlight + 2) / (stats.inFlight + 1);
    score *= load * load;
  }
  return score > minimumScore ? score : minimumScore;
}

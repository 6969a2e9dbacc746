import { healthScore } from './health-score.js';
import type { TargetStats } from './target-stats.js';

/**
 * The candidates of one pick, as the health book prepared them: indices
 * `0..count-1`, `weights[i]` the candidate's weight (reduced near its rate limit)
 * or -1 when it is not in the pool (unavailable, or a better tier exists),
 * `total` the pool's total weight (> 0), `stats[i]` what is known of it.
 * Buffers are reused from pick to pick: nothing is allocated.
 */
export interface Choice {
  count: number;
  weights: Float64Array;
  total: number;
  stats: (TargetStats | undefined)[];
  /** A second buffer of `count` numbers, for strategies that reweigh. */
  scratch: Float64Array;
}

/** `weighted`: at random in proportion to the configured weights. */
export function pickWeightedIndex(choice: Choice, random: () => number): number {
  return pickByWeight(choice.weights, choice.count, choice.total, random());
}

/**
 * `round-robin`: smooth weighted round-robin (as nginx's): each pick adds every
 * candidate's weight to its running weight, takes the largest, and subtracts the
 * total from it. Equal weights alternate; 2:1 gives a, b, a, a, b, a, ... No randomness.
 */
export function pickRoundRobinIndex(choice: Choice): number {
  const { weights, stats, count, total } = choice;
  let chosen = -1;
  let largest = -Infinity;
  for (let index = 0; index < count; index++) {
    const weight = weights[index];
    if (weight < 0) continue;
    const entry = stats[index]!;
    entry.roundRobinWeight += weight;
    if (entry.roundRobinWeight > largest) {
      largest = entry.roundRobinWeight;
      chosen = index;
    }
  }
  stats[chosen]!.roundRobinWeight -= total;
  return chosen;
}

/**
 * `least-latency`: the candidate with the lowest moving-average latency (an
 * unmeasured one first, ties to the larger weight, then to the first), except for
 * an `exploration` share of picks, spread by weight over the others so that they
 * keep being measured.
 */
export function pickLeastLatencyIndex(choice: Choice, random: () => number, exploration: number): number {
  const { weights, stats, count } = choice;
  let best = -1;
  let bestLatency = Infinity;
  for (let index = 0; index < count; index++) {
    const weight = weights[index];
    if (weight < 0) continue;
    const latency = stats[index]?.latency.average ?? -1;
    if (latency < bestLatency || (latency === bestLatency && weight > weights[best])) {
      best = index;
      bestLatency = latency;
    }
  }
  const draw = random();
  const othersTotal = choice.total - weights[best];
  if (draw >= exploration || othersTotal <= 0) return best;
  const bestWeight = weights[best];
  weights[best] = -1;
  const explored = pickByWeight(weights, count, othersTotal, draw / exploration);
  weights[best] = bestWeight;
  return explored;
}

/**
 * `adaptive`: in proportion to weight × health score (`healthScore`: latency next
 * to the best candidate, errors, load), mixed with an `exploration` share that
 * follows the weights alone, so that a slow or failing target keeps being sampled
 * and its recovery is seen. When every candidate scores the same it is exactly `weighted`.
 */
export function pickAdaptiveIndex(choice: Choice, now: number, random: () => number, exploration: number): number {
  const { weights, stats, count, total, scratch } = choice;
  let bestLatency = Infinity;
  let inFlight = 0;
  for (let index = 0; index < count; index++) {
    if (weights[index] < 0) continue;
    const entry = stats[index];
    if (entry === undefined) continue;
    const latency = entry.latency.average;
    if (latency !== undefined && latency < bestLatency) bestLatency = latency;
    inFlight += entry.inFlight;
  }
  let lowest = Infinity;
  let highest = -Infinity;
  let scoredTotal = 0;
  for (let index = 0; index < count; index++) {
    const weight = weights[index];
    if (weight < 0) continue;
    const score = healthScore(stats[index], now, bestLatency, (inFlight * weight) / total);
    scratch[index] = score;
    scoredTotal += weight * score;
    if (score < lowest) lowest = score;
    if (score > highest) highest = score;
  }
  if (lowest === highest) return pickByWeight(weights, count, total, random());
  for (let index = 0; index < count; index++) {
    const weight = weights[index];
    scratch[index] = weight < 0 ? -1 : ((1 - exploration) * weight * scratch[index]) / scoredTotal + (exploration * weight) / total;
  }
  return pickByWeight(scratch, count, 1, random());
}

/** The index where `draw × total` falls on the cumulative weights (entries below 0 are skipped). */
export function pickByWeight(weights: Float64Array, count: number, total: number, draw: number): number {
  let point = draw * total;
  let last = -1;
  for (let index = 0; index < count; index++) {
    const weight = weights[index];
    if (weight < 0) continue;
    point -= weight;
    if (point < 0) return index;
    if (weight > 0) last = index;
  }
  return last; // rounding left the point at the very end
}

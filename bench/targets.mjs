// The performance targets of the gateway, as data, and how each is read off the measured runs.
// Each is also evaluated for the bare proxy, to show what the floor reaches on the same machine.

const MB = 1024 * 1024;

/** The p-th latency of a run minus the same percentile of the matching direct run. */
export function addedLatencyMs(runs, run, percentile) {
  const direct = runs.find((other) => other.system === 'direct' && !other.error && other.scenario === run.scenario
    && other.load.rate === run.load.rate && other.load.stream === run.load.stream);
  const own = run.result?.latencyMs[percentile];
  const base = direct?.result?.latencyMs[percentile];
  return own == null || base == null ? null : own - base;
}

/** Throughput of a translated run (f) as a share of the gateway's pass-through run of a in the same mode, in percent. */
export function translationShare(runs, run) {
  const passThrough = runs.find((other) => other.scenario === 'a' && other.system === run.system && !other.error
    && other.load.stream === run.load.stream);
  const base = passThrough?.result?.throughput;
  return base ? (run.result.throughput / base) * 100 : null;
}

/** Share of a run's successful requests that `provider` served, in percent; null without successes. */
export function servedPercent(run, provider) {
  const { servedBy, succeeded } = run.result ?? {};
  if (!servedBy || !succeeded) return null;
  return ((servedBy[provider] ?? 0) / succeeded) * 100;
}

/** Scenario g: a run's `percentile` latency as a share of the same percentile of the weighted run, in percent. */
export function versusWeighted(runs, run, percentile) {
  const weighted = runs.find((other) => other.scenario === run.scenario && other.routing === 'weighted' && !other.error);
  const base = weighted?.result?.latencyMs[percentile];
  const own = run.result?.latencyMs[percentile];
  return own == null || !base ? null : (own / base) * 100;
}

const percent = (rate) => (rate == null ? null : rate * 100);
const peakRssMb = (run) => (run.resources ? run.resources.peakRssBytes / MB : null);

/**
 * @typedef {object} Target
 * @property {string} table the scenario table that shows it next to the figures
 * @property {string} label
 * @property {'>=' | '<='} compare
 * @property {number} limit
 * @property {string} unit
 * @property {(run: object) => boolean} appliesTo which runs it judges
 * @property {(run: object, runs: object[], delayMs: number) => number | null} valueOf
 */

/** @type {Target[]} */
export const TARGETS = [
  { table: 'a', label: 'non-streaming throughput', compare: '>=', limit: 10_000, unit: 'req/s',
    appliesTo: (run) => run.scenario === 'a' && !run.load.stream, valueOf: (run) => run.result.throughput },
  { table: 'a', label: 'streaming throughput', compare: '>=', limit: 4_000, unit: 'streams/s',
    appliesTo: (run) => run.scenario === 'a' && run.load.stream, valueOf: (run) => run.result.throughput },
  { table: 'd', label: 'CPU per non-streaming request', compare: '<=', limit: 100, unit: 'µs',
    appliesTo: (run) => run.scenario === 'a' && !run.load.stream, valueOf: (run) => run.cpuPerRequestUs },
  { table: 'd', label: 'peak RSS under load (a, b)', compare: '<=', limit: 150, unit: 'MB',
    appliesTo: (run) => run.scenario === 'a' || run.scenario === 'b', valueOf: peakRssMb },
  { table: 'b', label: 'added p50 at 2,000 req/s', compare: '<=', limit: 1, unit: 'ms',
    appliesTo: (run) => run.scenario === 'b' && run.load.rate === 2000, valueOf: (run, runs) => addedLatencyMs(runs, run, 'p50') },
  { table: 'b', label: 'added p99 at 2,000 req/s', compare: '<=', limit: 5, unit: 'ms',
    appliesTo: (run) => run.scenario === 'b' && run.load.rate === 2000, valueOf: (run, runs) => addedLatencyMs(runs, run, 'p99') },
  { table: 'b', label: 'success at 2,000 req/s', compare: '>=', limit: 100, unit: '%',
    appliesTo: (run) => run.scenario === 'b' && run.load.rate === 2000, valueOf: (run) => percent(run.result.successRate) },
  { table: 'f', label: 'translated throughput vs pass-through', compare: '>=', limit: 70, unit: '%',
    appliesTo: (run) => run.scenario === 'f', valueOf: (run, runs) => translationShare(runs, run) },
  { table: 'e', label: 'success, slow upstream', compare: '>=', limit: 100, unit: '%',
    appliesTo: (run) => run.scenario === 'e', valueOf: (run) => percent(run.result.successRate) },
  { table: 'e', label: 'added p99 vs the delay, slow upstream', compare: '<=', limit: 20, unit: 'ms',
    appliesTo: (run) => run.scenario === 'e',
    valueOf: (run, runs, delayMs) => (run.result.latencyMs.p99 == null ? null : run.result.latencyMs.p99 - delayMs) },
  { table: 'e', label: 'peak RSS, slow upstream', compare: '<=', limit: 400, unit: 'MB',
    appliesTo: (run) => run.scenario === 'e', valueOf: peakRssMb },
  { table: 'g', label: 'success, routed over a failing target', compare: '>=', limit: 100, unit: '%',
    appliesTo: (run) => run.scenario === 'g', valueOf: (run) => percent(run.result.successRate) },
  { table: 'g', label: 'adaptive: served by the healthy target', compare: '>=', limit: 80, unit: '%',
    appliesTo: (run) => run.scenario === 'g' && run.routing === 'adaptive', valueOf: (run) => servedPercent(run, 'healthy') },
  { table: 'g', label: 'adaptive p50 as a share of weighted p50', compare: '<=', limit: 50, unit: '%',
    appliesTo: (run) => run.scenario === 'g' && run.routing === 'adaptive', valueOf: (run, runs) => versusWeighted(runs, run, 'p50') },
  { table: 'g', label: 'hedged p99 as a share of weighted p99', compare: '<=', limit: 50, unit: '%',
    appliesTo: (run) => run.scenario === 'g' && run.routing === 'adaptive-hedged', valueOf: (run, runs) => versusWeighted(runs, run, 'p99') },
];

/** Whether `value` meets `target`; null without a value. */
export function meets(target, value) {
  if (value == null) return null;
  return target.compare === '>=' ? value >= target.limit : value <= target.limit;
}

/** The targets of `table` that judge `run`, each with its value and verdict. */
export function judgeRun(run, runs, table, delayMs) {
  if (run.system === 'direct' || run.error) return [];
  return TARGETS.filter((target) => target.table === table && target.appliesTo(run)).map((target) => {
    const value = target.valueOf(run, runs, delayMs) ?? null;
    return { target, value, pass: meets(target, value) };
  });
}

/** For each target, the worst value over the runs of `system` it applies to, and its verdict. */
export function judgeSystem(runs, system, delayMs) {
  const own = runs.filter((run) => run.system === system && !run.error);
  return TARGETS.map((target) => {
    const values = own.filter(target.appliesTo).map((run) => target.valueOf(run, runs, delayMs)).filter((value) => value != null);
    const worst = values.length === 0 ? null : target.compare === '>=' ? Math.min(...values) : Math.max(...values);
    return { target, value: worst, pass: meets(target, worst) };
  });
}

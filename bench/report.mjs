// Turns the measured runs into the side-by-side tables printed at the end, and the JSON file.
import fs from 'node:fs';
import path from 'node:path';
import { formatDelta, formatNumber, formatTable } from './format-table.mjs';
import { ROUTING_TARGETS } from './routing-scenario.mjs';
import { addedLatencyMs, judgeRun, judgeSystem, servedPercent, translationShare } from './targets.mjs';

/** Share of a core used by other processes (or the hypervisor) above which a run is flagged. */
export const NOISE_THRESHOLD = 0.05;

const MB = 1024 * 1024;
const DECIMALS = { ms: 2, MB: 1, 'µs': 1 };
const PROXIES = ['bare-proxy', 'gateway'];

const mode = (run) => (run.load.stream ? 'streaming' : 'non-streaming');
const ms = (value) => formatNumber(value, 2);
const minus = (value, base) => (value == null ? null : value - base);
const rssMb = (run) => formatNumber(run.resources && run.resources.peakRssBytes / MB, 1);
const percentOf = (share) => (share == null ? '-' : `${formatNumber(share * 100)}%`);

function success(result) {
  if (result.attempted === 0) return 'no requests';
  if (result.successRate === 1) return '100%';
  return `${formatNumber(result.successRate * 100, 2)}% (${formatNumber(result.attempted - result.succeeded)} failed)`;
}

function verdicts(judgments) {
  return judgments.map(({ target, pass }) =>
    `${pass === null ? 'n/a' : pass ? 'PASS' : 'FAIL'} ${target.compare} ${formatNumber(target.limit)} ${target.unit}`).join('; ');
}

/** One table of `runs`: `lead` gives the leading cells, `cells` the figures of a successful run. */
function section(title, headers, runs, lead, cells) {
  if (runs.length === 0) return null;
  const rows = runs.map((run) => (run.error
    ? [...lead(run), `not measured: ${run.error}`]
    : [...lead(run), ...cells(run)]));
  return `${title}\n${formatTable(headers, rows)}`;
}

/** The whole human-readable report. */
export function formatReport({ environment, options, runs }) {
  const delayMs = options.slowDelayMs;
  const target = (table) => (run) => verdicts(judgeRun(run, runs, table, delayMs));
  const scenario = (letter) => runs.filter((run) => run.scenario === letter);
  const saturationRuns = scenario('a');
  const sections = [
    `Switchyard benchmark, ${environment.date}: Node ${environment.node}, ${environment.cpus} cores (${environment.cpuModel}), ` +
      (options.pin ? `system under test on core ${options.sutCpu}, load generator and upstream on core ${options.loadCpu}` : 'not pinned'),

    section(`(a) Saturation: ${options.connections} connections, ${options.durationS} s per run; latency of whole ` +
      'responses; load core = busy share of the core running the load generator and the upstream',
      ['mode', 'system', 'req/s', 'p50 ms', 'p99 ms', 'success', 'load core', 'target'],
      options.scenarios.includes('a') ? saturationRuns : [],
      (run) => [mode(run), run.system],
      (run) => [formatNumber(run.result.throughput), ms(run.result.latencyMs.p50), ms(run.result.latencyMs.p99),
        success(run.result), percentOf(run.loadCoreBusy), target('a')(run)]),

    section(`(b) Fixed offered rate, non-streaming, ${options.rateDurationS} s per run; added = minus direct`,
      ['offered', 'system', 'achieved', 'p50 ms', 'p99 ms', 'added p50', 'added p99', 'success', 'CPU µs/req', 'target'],
      scenario('b'),
      (run) => [`${formatNumber(run.load.rate)}/s`, run.system],
      (run) => [`${formatNumber(run.result.offeredRate)}/s`, ms(run.result.latencyMs.p50), ms(run.result.latencyMs.p99),
        formatDelta(addedLatencyMs(runs, run, 'p50')), formatDelta(addedLatencyMs(runs, run, 'p99')),
        success(run.result), formatNumber(run.cpuPerRequestUs, 1), target('b')(run)]),

    section('(d) Cost at saturation (the runs of a); CPU and RSS of the whole process tree',
      ['mode', 'system', 'CPU µs/req', 'core busy', 'peak RSS MB', 'success', 'target'],
      saturationRuns.filter((run) => run.system !== 'direct'),
      (run) => [mode(run), run.system],
      (run) => [formatNumber(run.cpuPerRequestUs, 1), percentOf(run.cpuUtilization), rssMb(run), success(run.result), target('d')(run)]),

    section(`(e) Slow upstream: ${formatNumber(options.slowRate)} req/s offered for ${options.slowDurationS} s, ` +
      `upstream answers after ${delayMs} ms; added = minus ${delayMs} ms`,
      ['system', 'achieved', 'max in flight', 'success', 'p50 ms', 'p99 ms', 'added p50', 'added p99', 'peak RSS MB', 'target'],
      scenario('e'),
      (run) => [run.system],
      (run) => [`${formatNumber(run.result.offeredRate)}/s`, formatNumber(run.result.maxInFlight), success(run.result),
        ms(run.result.latencyMs.p50), ms(run.result.latencyMs.p99),
        formatDelta(minus(run.result.latencyMs.p50, delayMs)), formatDelta(minus(run.result.latencyMs.p99, delayMs)),
        rssMb(run), target('e')(run)]),

    section(`(f) Translation: the same requests to an Anthropic upstream (Messages API), ${options.connections} connections, ` +
      `${options.durationS} s per run; share = throughput as a share of the gateway's OpenAI pass-through run of a`,
      ['mode', 'system', 'req/s', 'share', 'p50 ms', 'p99 ms', 'CPU µs/req', 'success', 'target'],
      scenario('f'),
      (run) => [mode(run), run.system],
      (run) => [formatNumber(run.result.throughput), `${formatNumber(translationShare(runs, run), 1)}%`, ms(run.result.latencyMs.p50),
        ms(run.result.latencyMs.p99), formatNumber(run.cpuPerRequestUs, 1), success(run.result), target('f')(run)]),

    routingSection(scenario('g'), options, target('g')),

    summary(runs, options.systems.filter((system) => PROXIES.includes(system)), delayMs),
    noiseNote(runs),
  ];
  return sections.filter(Boolean).join('\n\n');
}

/** Table (g): per strategy, the figures and the share of successful requests each target served. */
function routingSection(runs, options, target) {
  const providers = ROUTING_TARGETS.map(({ provider }) => provider);
  const other = (run) => Math.max(0, 100 - providers.reduce((sum, provider) => sum + (servedPercent(run, provider) ?? 0), 0));
  const share = (value) => (value == null ? '-' : `${formatNumber(value, 1)}%`);
  return section(`(g) Routing: a virtual model over a slow (+${formatNumber(options.routingDelayMs)} ms), a failing ` +
    `(${formatNumber(options.routingFailRate * 100)}% HTTP 500) and a healthy target, each the others' fallback; ` +
    `${formatNumber(options.routingRate)} req/s offered for ${options.routingDurationS} s per strategy; served = share of successful requests`,
    ['strategy', 'achieved', 'success', 'p50 ms', 'p99 ms', ...providers.map((provider) => `served ${provider}`), 'other', 'attempts/req', 'target'],
    runs,
    (run) => [run.routing],
    (run) => [`${formatNumber(run.result.offeredRate)}/s`, success(run.result), ms(run.result.latencyMs.p50), ms(run.result.latencyMs.p99),
      ...providers.map((provider) => share(servedPercent(run, provider))), share(run.result.succeeded ? other(run) : null),
      formatNumber(run.result.attemptsPerRequest, 2), target(run)]);
}

function summary(runs, systems, delayMs) {
  if (systems.length === 0 || runs.length === 0) return null;
  const bySystem = systems.map((system) => judgeSystem(runs, system, delayMs));
  const rows = bySystem[0].map(({ target }, index) => [
    `${target.label} ${target.compare} ${formatNumber(target.limit)} ${target.unit}`,
    ...bySystem.map((judgments) => {
      const { value, pass } = judgments[index];
      return pass === null ? 'n/a' : `${formatNumber(value, DECIMALS[target.unit] ?? 0)} ${pass ? 'PASS' : 'FAIL'}`;
    }),
  ]);
  return `Targets (worst value over the runs each applies to)\n${formatTable(['target', ...systems], rows)}`;
}

/** What else used the machine during `run` ("other processes used 12% of a core"), or null. */
export function describeNoise(run) {
  const parts = [];
  const share = (value) => `${formatNumber(value * 100)}%`;
  if (run.foreignCpuShare > NOISE_THRESHOLD) parts.push(`other processes used ${share(run.foreignCpuShare)} of a core`);
  if (run.stolenShare > NOISE_THRESHOLD) parts.push(`the hypervisor took ${share(run.stolenShare)} of a core`);
  return parts.length === 0 ? null : parts.join(', ');
}

function noiseNote(runs) {
  const noisy = runs.filter(describeNoise);
  if (noisy.length === 0) return null;
  const list = noisy.map((run) => `- ${run.id}: ${describeNoise(run)}`).join('\n');
  return `Warning, these runs were disturbed and their figures are unreliable:\n${list}`;
}

/** Writes the full report as `<outDir>/<timestamp>.json` and returns the file's path. */
export function writeReportJson(report, outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${report.startedAt.replaceAll(':', '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

// `npm run bench`: measures the gateway next to a direct call and a bare Node proxy, one system
// at a time, and prints the side-by-side tables (see docs/benchmarks.md). Flags: --help.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killAllChildrenNow, stopAllChildren } from './child-processes.mjs';
import { ForeignCpuMonitor } from './foreign-cpu-monitor.mjs';
import { measureRun } from './measure-run.mjs';
import { benchUsage, parseBenchOptions } from './options.mjs';
import { estimateSeconds, planRuns } from './plan-runs.mjs';
import { describeNoise, formatReport, NOISE_THRESHOLD, writeReportJson } from './report.mjs';
import { startRoutingUpstreams } from './routing-scenario.mjs';
import { startUpstream } from './systems.mjs';
import { runCacheScenario } from './cache-scenario.mjs';

const log = (message) => process.stderr.write(`${message}\n`);
let stopping = false;

function describeEnvironment() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    kernel: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg(),
  };
}

/** The orchestrator only waits and polls /proc; keep it off the core of the system under test. */
function pinSelf(options) {
  if (!options.pin) return;
  execFileSync('taskset', ['-a', '-cp', options.loadCpu, String(process.pid)], { stdio: 'ignore' });
}

/** Warns when other processes keep the machine busy before the bench starts. */
async function warnIfBusy() {
  const monitor = new ForeignCpuMonitor();
  monitor.start([process.pid]);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const share = monitor.stop();
  if (share > NOISE_THRESHOLD) {
    log(`bench: warning, the machine is not idle: other processes use ${Math.round(share * 100)}% of a core`);
  }
}

/** Starts the upstreams of a run's kind: one fake upstream (fast or slow), or the three of scenario g. */
function startUpstreams(kind, options, logDir) {
  const cpu = options.pin ? options.loadCpu : null;
  const logFileOf = (name) => path.join(logDir, `upstream-${name}.log`);
  if (kind === 'routing') return startRoutingUpstreams(options, { cpu, logFileOf });
  return startUpstream({ delayMs: kind === 'slow' ? options.slowDelayMs : 0, cpu, logFile: logFileOf(kind) });
}

function describeOutcome(record) {
  if (record.error) return `not measured: ${record.error}`;
  const { throughput, latencyMs, successRate } = record.result;
  const rate = `${Math.round(throughput).toLocaleString('en-US')} ok/s`;
  const latency = `p50 ${latencyMs.p50?.toFixed(2)} ms, p99 ${latencyMs.p99?.toFixed(2)} ms`;
  const noise = describeNoise(record);
  const noisy = noise ? ` (warning: ${noise})` : '';
  return `${rate}, ${latency}, success ${(successRate * 100).toFixed(2)}%${noisy}`;
}

function readOptions() {
  try {
    return parseBenchOptions();
  } catch (error) {
    log(`bench: ${error.message}\n\n${benchUsage()}`);
    process.exit(2);
  }
}

async function main() {
  const options = readOptions();
  if (options.help) return process.stdout.write(`${benchUsage()}\n`);
  const environment = describeEnvironment();
  pinSelf(options);

  const runs = planRuns(options);
  const estimate = estimateSeconds(runs, options);
  const startedAt = new Date().toISOString();
  const logDir = path.join(options.outDir, 'logs', startedAt.replaceAll(':', '-'));
  fs.mkdirSync(logDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-bench-'));
  process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));
  const watchdog = setTimeout(() => stop('passed its time limit', 1), (estimate * 1.5 + 120) * 1000);
  log(`bench: ${runs.length} runs, about ${Math.ceil(estimate / 60)} min; logs in ${logDir}`);
  await warnIfBusy();

  const startFailures = new Map();
  const records = [];
  let upstream = null;
  try {
    for (const [index, run] of runs.entries()) {
      if (stopping) return;
      if (upstream?.kind !== run.upstream) {
        await upstream?.stop();
        upstream = { kind: run.upstream, ...(await startUpstreams(run.upstream, options, logDir)) };
      }
      log(`[${index + 1}/${runs.length}] ${run.id} ...`);
      const record = await measureRun(run, { upstream, options, logDir, workDir, startFailures });
      records.push(record);
      log(`[${index + 1}/${runs.length}] ${run.id}: ${describeOutcome(record)}`);
    }
  } finally {
    clearTimeout(watchdog);
    await stopAllChildren();
  }

  // Scenario h measures the cache over HTTP on its own (its own upstream and gateway).
  const cacheReport = options.scenarios.includes('h') && options.systems.includes('gateway') && !stopping ? await runCacheScenario({ workDir, entries: options.quick ? 2_000 : 10_000, lookups: options.quick ? 300 : 1_000, log }) : undefined;
  environment.loadAverageAtEnd = os.loadavg();
  const report = { startedAt, finishedAt: new Date().toISOString(), environment, options, runs: records, cache: cacheReport };
  process.stdout.write(`\n${formatReport(report)}\n\n`);
  if (cacheReport) process.stdout.write(`${cacheReport}\n\n`);
  log(`bench: results written to ${writeReportJson(report, options.outDir)}`);
}

/** Stops every child and exits; the run loop starts nothing new once this is called. */
function stop(reason, exitCode) {
  if (stopping) return;
  stopping = true;
  log(`bench: ${reason}, stopping child processes`);
  stopAllChildren().finally(() => process.exit(exitCode));
}

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stop(signal, 130));
process.on('exit', killAllChildrenNow);

main().catch(async (error) => {
  log(`bench: ${error.stack ?? error}`);
  await stopAllChildren();
  process.exit(1);
});

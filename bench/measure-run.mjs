// One measured run: start the system under test, check it answers, drive the load while
// watching its process tree and cores, stop it. Failures become the run's `error`.
import path from 'node:path';
import { assertServesChat } from './assert-serves-chat.mjs';
import { busyShare, sampleCore, stolenShare } from './core-load.mjs';
import { ForeignCpuMonitor } from './foreign-cpu-monitor.mjs';
import { ResourceMonitor } from './resource-monitor.mjs';
import { toRoutingGatewayConfig } from './routing-scenario.mjs';
import { runLoad } from './run-load.mjs';
import { startSystem } from './systems.mjs';

/**
 * Measures `run` (see plan-runs.mjs) against a system in front of `upstream` (`{ url, pids }`, and
 * `urls` for the routed runs of g). A system that once failed to start is recorded in
 * `startFailures` and not started again.
 */
export async function measureRun(run, { upstream, options, logDir, workDir, startFailures }) {
  const record = { id: run.id, scenario: run.scenario, system: run.system, upstream: run.upstream, routing: run.routing, load: run.load };
  if (startFailures.has(run.system)) return { ...record, error: startFailures.get(run.system) };
  const sutCpu = options.pin ? options.sutCpu : null;
  const loadCpu = options.pin ? options.loadCpu : null;
  const logFile = path.join(logDir, `${run.id.replaceAll('/', '_')}.log`);

  let system;
  try {
    system = await startSystem(run.system, {
      upstreamUrl: upstream.url, gatewayConfig: run.routing ? toRoutingGatewayConfig(upstream.urls, run.routing) : undefined, cpu: sutCpu, logFile, workDir, gatewayArgs: options.gatewayArgs, requestLogs: options.requestLogs, nodeFlags: options.sutNodeFlags,
    });
  } catch (error) {
    startFailures.set(run.system, error.message);
    return { ...record, error: error.message };
  }
  const monitor = system.pid ? new ResourceMonitor(system.pid) : null;
  const foreignCpu = new ForeignCpuMonitor();
  let sutCoreAtStart = null;
  let loadCoreAtStart = null;
  try {
    await assertServesChat(system.url, run.load.stream, run.load.model);
    const result = await runLoad({ ...run.load, url: system.url }, {
      cpu: loadCpu,
      onReady: (loadPid) => {
        monitor?.start();
        foreignCpu.start([...(monitor?.pids ?? []), ...upstream.pids, loadPid, process.pid]);
        sutCoreAtStart = sampleCore(sutCpu);
        loadCoreAtStart = sampleCore(loadCpu);
      },
    });
    const resources = monitor?.stop() ?? null;
    const [sutCoreAtEnd, loadCoreAtEnd] = [sampleCore(sutCpu), sampleCore(loadCpu)];
    return {
      ...record,
      result,
      resources,
      cpuPerRequestUs: resources && result.completed > 0 ? (resources.cpuSeconds * 1e6) / result.completed : null,
      cpuUtilization: resources ? resources.cpuSeconds / resources.wallSeconds : null,
      loadCoreBusy: busyShare(loadCoreAtStart, loadCoreAtEnd),
      foreignCpuShare: foreignCpu.stop(),
      stolenShare: Math.max(stolenShare(sutCoreAtStart, sutCoreAtEnd) ?? 0, stolenShare(loadCoreAtStart, loadCoreAtEnd) ?? 0),
    };
  } catch (error) {
    return { ...record, error: error.message };
  } finally {
    monitor?.stop();
    foreignCpu.stop();
    await system.stop();
  }
}


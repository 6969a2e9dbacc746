// How busy a CPU core is, from the per-core tick counters of /proc/stat: whether the core of the
// load generator and the upstream was the limit of a run, and how much time the hypervisor took.
// Tick samples are coarse at low load; fine at saturation, where they matter.
import fs from 'node:fs';
import { CLOCK_TICKS_PER_SECOND } from './resource-monitor.mjs';

/** Seconds core `core` spent busy (user, nice, system, irq, softirq) and stolen by the hypervisor. */
function readCoreSeconds(core) {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n').find((row) => row.startsWith(`cpu${core} `));
  if (!line) return null;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq) / CLOCK_TICKS_PER_SECOND, stolen: steal / CLOCK_TICKS_PER_SECOND };
}

/** A timestamped reading of core `core`, or null when `core` is null (not pinned) or unknown. */
export function sampleCore(core) {
  const seconds = core === null ? null : readCoreSeconds(core);
  return seconds && { ...seconds, at: performance.now() };
}

/** Share of the core's time between two samples spent busy, minus `ownCpuSeconds` (0..1). */
export function busyShare(start, end, ownCpuSeconds = 0) {
  if (!start || !end) return null;
  const wallSeconds = (end.at - start.at) / 1000;
  return Math.max(0, (end.busy - start.busy - ownCpuSeconds) / wallSeconds);
}

/** Share of the core's time between two samples that the hypervisor gave to other guests. */
export function stolenShare(start, end) {
  if (!start || !end) return null;
  return (end.stolen - start.stolen) / ((end.at - start.at) / 1000);
}

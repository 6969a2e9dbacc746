// CPU time and resident memory of a process and its descendants, read from /proc (Linux).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** USER_HZ, the unit of the CPU times in /proc. */
export const CLOCK_TICKS_PER_SECOND = readClockTicks();
const RSS_POLL_MS = 100;

function readClockTicks() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** Fields of /proc/<pid>/stat after the command name, which may itself contain spaces. */
function readStatFields(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

const PF_KTHREAD = 0x00200000;

/**
 * Every process on the machine: pid -> `{ parent, cpuSeconds, kernelThread }`, where cpuSeconds
 * is user plus system time of all its threads.
 */
export function readProcessTable() {
  const table = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readStatFields(entry);
      table.set(Number(entry), {
        parent: Number(fields[1]),
        kernelThread: (Number(fields[6]) & PF_KTHREAD) !== 0,
        cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND,
      });
    } catch {
      // the process ended while /proc was being read
    }
  }
  return table;
}

/** `pid` and every live descendant. */
export function listProcessTree(pid) {
  const children = new Map();
  for (const [child, { parent }] of readProcessTable()) children.set(parent, [...(children.get(parent) ?? []), child]);
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** User plus system CPU seconds of `pids` (all threads included). */
export function readCpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readStatFields(pid);
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // an exited worker: its CPU time is no longer readable
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

function readStatusKilobytes(pid, field) {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Measures a process tree between `start()` and `stop()`: CPU seconds, peak RSS in bytes. */
export class ResourceMonitor {
  #pids = [];
  #cpuAtStart = 0;
  #peakRssKb = 0;
  #timer = null;
  #startedAt = 0;
  #measured = null;

  constructor(pid) {
    this.pid = pid;
  }

  /** The measured processes (known once started). */
  get pids() {
    return [...this.#pids];
  }

  start() {
    this.#startedAt = performance.now();
    this.#pids = listProcessTree(this.pid);
    for (const pid of this.#pids) resetPeakRss(pid);
    this.#peakRssKb = 0;
    this.#pollRss();
    this.#timer = setInterval(() => this.#pollRss(), RSS_POLL_MS);
    this.#cpuAtStart = readCpuSeconds(this.#pids);
  }

  /** `{ processes, wallSeconds, cpuSeconds, peakRssBytes }`; null if never started. Idempotent. */
  stop() {
    if (this.#measured || this.#timer === null) return this.#measured;
    const cpuSeconds = readCpuSeconds(this.#pids) - this.#cpuAtStart;
    const wallSeconds = (performance.now() - this.#startedAt) / 1000;
    clearInterval(this.#timer);
    this.#pollRss();
    // VmHWM is the kernel's exact peak per process; summed over workers it is an upper bound.
    let highWaterKb = 0;
    for (const pid of this.#pids) highWaterKb += readStatusKilobytes(pid, 'VmHWM');
    const peakRssBytes = Math.max(this.#peakRssKb, highWaterKb) * 1024;
    this.#measured = { processes: this.#pids.length, wallSeconds, cpuSeconds, peakRssBytes };
    return this.#measured;
  }

  #pollRss() {
    let rssKb = 0;
    for (const pid of this.#pids) rssKb += readStatusKilobytes(pid, 'VmRSS');
    this.#peakRssKb = Math.max(this.#peakRssKb, rssKb);
  }
}

/** Resets VmHWM to the current RSS (writing 5 to clear_refs, Linux >= 4.0); best effort. */
function resetPeakRss(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // not permitted: VmHWM then includes the warm-up, which only raises the figure
  }
}

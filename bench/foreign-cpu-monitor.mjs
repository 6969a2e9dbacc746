// A noise indicator: how much CPU processes other than the bench's own used during a run. On a
// 2-core machine any of it competes with the system under test or with the load generator.
// Per-process times are exact (the per-core counters of /proc/stat are tick samples and too
// coarse at low load). Kernel threads are left out: under load they mostly carry our own traffic.
import { readProcessTable } from './resource-monitor.mjs';

const SAMPLE_MS = 1000;

/** Sums the CPU time of every other user-space process between `start()` and `stop()`. */
export class ForeignCpuMonitor {
  #own = new Set();
  #atStart = new Map();
  #latest = new Map();
  #timer = null;
  #startedAt = 0;

  /** Starts watching every process except `ownPids`. */
  start(ownPids) {
    this.#own = new Set(ownPids);
    this.#startedAt = performance.now();
    this.#sample();
    this.#atStart = new Map(this.#latest);
    this.#timer = setInterval(() => this.#sample(), SAMPLE_MS);
  }

  /** CPU seconds used by other processes per wall second (1 = one whole core); null if not started. */
  stop() {
    if (this.#timer === null) return null;
    clearInterval(this.#timer);
    this.#timer = null;
    this.#sample();
    let foreignSeconds = 0;
    // A process born during the run counts whole; one that ended counts up to its last sample.
    for (const [pid, cpuSeconds] of this.#latest) foreignSeconds += cpuSeconds - (this.#atStart.get(pid) ?? 0);
    return foreignSeconds / ((performance.now() - this.#startedAt) / 1000);
  }

  #sample() {
    for (const [pid, { kernelThread, cpuSeconds }] of readProcessTable()) {
      if (!kernelThread && !this.#own.has(pid)) this.#latest.set(pid, cpuSeconds);
    }
  }
}

/** Samples kept for the percentile, and how many are needed before it is given. */
const ringSize = 64;
const minSamplesForP95 = 10;

/** Weight of each new sample in the moving average. */
const sampleWeight = 0.3;

/**
 * A target's recent latency: an exponentially weighted moving average (each
 * sample weighs 0.3; a sample arriving after a silence longer than `staleAfterMs`
 * replaces the average), and the 95th percentile of the last 64 samples.
 */
export class LatencyEstimate {
  /** The moving average in milliseconds; `undefined` before the first sample. */
  average: number | undefined;
  #lastAt = -Infinity;
  #ring: Float64Array | undefined;
  #count = 0;
  #next = 0;
  #p95: number | undefined;
  #p95Stale = false;

  /** Records one latency sample of `ms` milliseconds taken at `now`. */
  record(now: number, ms: number, staleAfterMs: number): void {
    const average = this.average;
    this.average = average === undefined || now - this.#lastAt > staleAfterMs ? ms : average + sampleWeight * (ms - average);
    this.#lastAt = now;
    const ring = (this.#ring ??= new Float64Array(ringSize));
    ring[this.#next] = ms;
    this.#next = (this.#next + 1) % ringSize;
    if (this.#count < ringSize) this.#count++;
    this.#p95Stale = true;
  }

  /**
   * The 95th percentile of the recent samples, once there are at least 10;
   * `scratch` (64 numbers) is where they are sorted, so that asking allocates nothing.
   */
  p95(scratch: Float64Array): number | undefined {
    if (this.#count < minSamplesForP95) return undefined;
    if (this.#p95Stale) {
      scratch.fill(Infinity);
      scratch.set(this.#count === ringSize ? this.#ring! : this.#ring!.subarray(0, this.#count));
      scratch.sort();
      this.#p95 = scratch[Math.ceil(0.95 * this.#count) - 1];
      this.#p95Stale = false;
    }
    return this.#p95;
  }
}

/** A buffer for `LatencyEstimate.p95`. */
export function p95Scratch(): Float64Array {
  return new Float64Array(ringSize);
}

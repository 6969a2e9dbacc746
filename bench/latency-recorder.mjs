// Exact latency percentiles: every sample is kept (a few hundred thousand doubles at most).

/** Records latencies in milliseconds and summarizes them. */
export class LatencyRecorder {
  #samples = new Float64Array(1 << 16);
  #count = 0;

  /** Adds one latency, in milliseconds. */
  record(ms) {
    if (this.#count === this.#samples.length) {
      const grown = new Float64Array(this.#samples.length * 2);
      grown.set(this.#samples);
      this.#samples = grown;
    }
    this.#samples[this.#count++] = ms;
  }

  get count() {
    return this.#count;
  }

  /** `{count, min, mean, p50, p90, p99, p999, max}` in milliseconds (nulls when empty). */
  summarize() {
    const sorted = this.#samples.slice(0, this.#count).sort();
    const at = (quantile) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]);
    let sum = 0;
    for (const value of sorted) sum += value;
    return {
      count: sorted.length,
      min: at(0),
      mean: sorted.length === 0 ? null : sum / sorted.length,
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      p999: at(0.999),
      max: sorted.length === 0 ? null : sorted[sorted.length - 1],
    };
  }
}

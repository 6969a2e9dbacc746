/**
 * A sum of values over the last `windowMs`, kept in a ring of buckets: values
 * older than the window drop out a bucket at a time, worked out from the
 * timestamps passed in (no timer). Accurate to one bucket's span.
 */
export class SlidingSum {
  readonly #bucketMs: number;
  readonly #values: Float64Array;
  /** The absolute number of the newest bucket (`floor(now / bucketMs)`). */
  #newest = -Infinity;
  #total = 0;

  constructor(windowMs: number, buckets = 10) {
    this.#bucketMs = windowMs / buckets;
    this.#values = new Float64Array(buckets);
  }

  /** Adds `value` at time `now`. */
  add(now: number, value: number): void {
    this.#advance(now);
    this.#values[modulo(this.#newest, this.#values.length)] += value;
    this.#total += value;
  }

  /** The sum of the values added within the window ending at `now`. */
  total(now: number): number {
    this.#advance(now);
    return this.#total;
  }

  /** Forgets every value. */
  clear(): void {
    this.#values.fill(0);
    this.#total = 0;
  }

  #advance(now: number): void {
    const bucket = Math.floor(now / this.#bucketMs);
    if (bucket <= this.#newest) return; // same bucket, or a clock that went back: keep counting in the newest
    const values = this.#values;
    if (bucket - this.#newest >= values.length) {
      values.fill(0);
      this.#total = 0;
    } else {
      for (let expired = this.#newest + 1; expired <= bucket; expired++) {
        const index = modulo(expired, values.length);
        this.#total -= values[index];
        values[index] = 0;
      }
    }
    this.#newest = bucket;
  }
}

function modulo(value: number, size: number): number {
  return ((value % size) + size) % size;
}

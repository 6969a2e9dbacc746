/**
 * Bounds one label's cardinality: the first `limit` distinct values are kept as
 * they are, any later new value becomes `other`. Prometheus keeps one series per
 * label combination, so a label filled from request headers must not grow without end.
 */
export class LabelCap {
  readonly #seen = new Set<string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The value to record for `value`. */
  value(value: string): string {
    if (this.#seen.has(value)) return value;
    if (this.#seen.size >= this.#limit) return 'other';
    this.#seen.add(value);
    return value;
  }
}

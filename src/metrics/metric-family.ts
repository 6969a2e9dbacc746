import type { Metric } from 'prom-client';

type Labels = Record<string, string>;

/** A family's values as prom-client's registry reads them (`get()`). */
export interface FamilySnapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>;
}

/** One counter series: its labels and its running total. */
export interface CounterSeries {
  readonly labels: Labels;
  value: number;
}

/** One histogram series: its labels, per-bucket counts (not cumulative; the last is `+Inf`), sum and count. */
export interface HistogramSeries {
  readonly labels: Labels;
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * A counter family whose series are plain objects the caller keeps and increments
 * (`series.value += n`): no label hashing or validation per request, which is what
 * prom-client's own `labels().inc()` costs. prom-client formats it at scrape time
 * (`registry.registerMetric`).
 */
export class CounterFamily {
  readonly type = 'counter';
  readonly #series: CounterSeries[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  /** A new series with `labels` (the caller keeps it: asking twice makes two). */
  series(labels: Labels): CounterSeries {
    const series = { labels, value: 0 };
    this.#series.push(series);
    return series;
  }

  get(): FamilySnapshot {
    return { name: this.name, help: this.help, type: this.type, aggregator: 'sum', values: this.#series.map(({ labels, value }) => ({ labels, value })) };
  }

  reset(): void {
    for (const series of this.#series) series.value = 0;
  }
}

/** A histogram family with fixed buckets, kept like `CounterFamily`; observe with `observe(series, value)`. */
export class HistogramFamily {
  readonly type = 'histogram';
  readonly #series: HistogramSeries[] = [];
  readonly #bounds: readonly number[];

  constructor(
    readonly name: string,
    readonly help: string,
    bounds: readonly number[],
  ) {
    this.#bounds = bounds;
  }

  series(labels: Labels): HistogramSeries {
    const series = { labels, buckets: new Float64Array(this.#bounds.length + 1), sum: 0, count: 0 };
    this.#series.push(series);
    return series;
  }

  observe(series: HistogramSeries, value: number): void {
    const bounds = this.#bounds;
    let index = 0;
    while (index < bounds.length && value > bounds[index]!) index++;
    series.buckets[index]!++;
    series.sum += value;
    series.count++;
  }

  get(): FamilySnapshot {
    const values: FamilySnapshot['values'] = [];
    const bounds = this.#bounds;
    for (const { labels, buckets, sum, count } of this.#series) {
      let cumulative = 0;
      for (let i = 0; i <= bounds.length; i++) {
        cumulative += buckets[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: i < bounds.length ? bounds[i]! : '+Inf' }, value: cumulative });
      }
      values.push({ metricName: `${this.name}_sum`, labels, value: sum });
      values.push({ metricName: `${this.name}_count`, labels, value: count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: 'sum', values };
  }

  reset(): void {
    for (const series of this.#series) {
      series.buckets.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }
}

/** The family as the `Metric` prom-client's `Registry.registerMetric` takes (it reads `name`, `get()` and `reset()`). */
export function asMetric(family: CounterFamily | HistogramFamily): Metric {
  return family as unknown as Metric;
}

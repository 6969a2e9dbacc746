import type { Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { PrimaryMessage, WorkerMetrics } from './cluster-messages.js';

/**
 * The primary's side of `/metrics`: asks every live worker for its metrics
 * (`getMetricsAsJSON`) and aggregates them with prom-client's
 * `AggregatorRegistry.aggregate` (each family's `aggregator`: sum for counters
 * and histograms, as the gauge says for gauges). A worker that exits or does
 * not answer within `timeoutMs` is left out.
 */
export class MetricsCollector {
  readonly #pending = new Map<number, { waiting: Set<number>; results: WorkerMetrics[]; finish(): void }>();
  #nextId = 0;

  constructor(readonly timeoutMs = 5_000) {}

  /** The aggregated text of `workers`' metrics (without the `switchyard_` duplicates: the worker adds them). */
  collect(workers: readonly Worker[]): Promise<string> {
    const id = ++this.#nextId;
    return new Promise<string>((resolve, reject) => {
      const results: WorkerMetrics[] = [];
      const waiting = new Set<number>();
      const finish = () => {
        clearTimeout(timer);
        this.#pending.delete(id);
        AggregatorRegistry.aggregate(results).metrics().then(resolve, reject);
      };
      const timer = setTimeout(finish, this.timeoutMs);
      this.#pending.set(id, { waiting, results, finish });
      const message: PrimaryMessage = { type: 'switchyard:metrics-collect', id };
      for (const worker of workers) {
        if (worker.isDead() || !worker.isConnected()) continue;
        waiting.add(worker.id);
        worker.send(message, (error) => {
          if (error) this.#settle(id, worker.id, undefined);
        });
      }
      if (waiting.size === 0) finish();
    });
  }

  /** A worker's answer to collection `id`. */
  received(id: number, workerId: number, metrics: WorkerMetrics): void {
    this.#settle(id, workerId, metrics);
  }

  /** A worker exited: no collection waits for it any more. */
  forget(workerId: number): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, workerId, undefined);
  }

  #settle(id: number, workerId: number, metrics: WorkerMetrics | undefined): void {
    const collection = this.#pending.get(id);
    if (collection === undefined || !collection.waiting.delete(workerId)) return;
    if (metrics !== undefined) collection.results.push(metrics);
    if (collection.waiting.size === 0) collection.finish();
  }
}

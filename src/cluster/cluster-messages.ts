import type { Registry } from 'prom-client';

/** One worker's metrics as prom-client's `registry.getMetricsAsJSON()` returns them. */
export type WorkerMetrics = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/** Messages from a worker to the primary. */
export type WorkerMessage =
  /** The worker's server is listening; `url` is the address it serves. */
  | { type: 'switchyard:listening'; url: string }
  /** A scrape of `/metrics` reached this worker: it asks for every worker's metrics, aggregated. */
  | { type: 'switchyard:metrics-request'; id: number }
  /** The answer to `metrics-collect`: this worker's own metrics. */
  | { type: 'switchyard:metrics'; id: number; metrics: WorkerMetrics };

/** Messages from the primary to a worker. */
export type PrimaryMessage =
  /** Stop accepting, drain in-flight requests (the worker's own shutdown timeout), exit. */
  | { type: 'switchyard:shutdown' }
  /** Send your metrics (`metrics` with the same id). */
  | { type: 'switchyard:metrics-collect'; id: number }
  /** The answer to `metrics-request`: every worker's metrics, aggregated, in Prometheus' text format. */
  | { type: 'switchyard:metrics-text'; id: number; text: string };

/** Whether an IPC message is one of ours (other libraries may use the channel too). */
export function isSwitchyardMessage<T extends { type: string }>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string' && (message as { type: string }).type.startsWith('switchyard:');
}

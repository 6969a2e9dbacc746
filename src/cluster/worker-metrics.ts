import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { withSwitchyardNames } from '../metrics/gateway-metrics.js';
import { isSwitchyardMessage, type PrimaryMessage, type WorkerMessage } from './cluster-messages.js';

/** A cluster worker's side of `/metrics`. */
export interface WorkerMetrics {
  /** Every worker's metrics, aggregated by the primary, in Prometheus' text format (with the `switchyard_` names). */
  exposition(): Promise<string>;
  /** Stops answering the primary. */
  close(): void;
}

/**
 * Connects a worker's metrics to the primary over IPC: answers the primary's
 * `metrics-collect` with `registry.getMetricsAsJSON()`, and for a scrape asks
 * the primary, which collects every worker's and aggregates them.
 */
export function connectWorkerMetrics(metrics: GatewayMetrics | undefined, timeoutMs = 10_000): WorkerMetrics {
  const waiting = new Map<number, { resolve(text: string): void; timer: NodeJS.Timeout }>();
  let nextId = 0;
  const send = (message: WorkerMessage) => process.send?.(message);
  const onMessage = (message: unknown) => {
    if (!isSwitchyardMessage<PrimaryMessage>(message)) return;
    if (message.type === 'switchyard:metrics-collect') {
      const { id } = message;
      void (metrics?.registry.getMetricsAsJSON() ?? Promise.resolve([])).then(
        (json) => send({ type: 'switchyard:metrics', id, metrics: json }),
        () => send({ type: 'switchyard:metrics', id, metrics: [] }),
      );
    } else if (message.type === 'switchyard:metrics-text') {
      const request = waiting.get(message.id);
      if (request === undefined) return;
      waiting.delete(message.id);
      clearTimeout(request.timer);
      request.resolve(message.text);
    }
  };
  process.on('message', onMessage);
  return {
    exposition() {
      const id = ++nextId;
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the cluster primary did not answer the metrics request within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, { resolve: (text) => resolve(withSwitchyardNames(text)), timer });
        send({ type: 'switchyard:metrics-request', id });
      });
    },
    close() {
      process.off('message', onMessage);
      for (const { timer } of waiting.values()) clearTimeout(timer);
      waiting.clear();
    },
  };
}

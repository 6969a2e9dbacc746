// Counts outcomes of one load phase the same way for every load generator.
import { LatencyRecorder } from './latency-recorder.mjs';

/** Success means a 2xx status and a complete body; only successes feed the latency figures. */
export class ResponseTally {
  latency = new LatencyRecorder();
  completed = 0;
  succeeded = 0;
  non2xx = 0;
  incomplete = 0;
  errors = 0;
  timeouts = 0;
  statusCounts = {};
  errorCounts = {};
  /** Routed runs only: successful requests by the provider that served them, and attempts over all answers. */
  servedBy = {};
  attempts = 0;
  attemptsCounted = 0;

  /**
   * A response fully received after `ms` milliseconds. `route` (routed runs) is the
   * `{ provider, attempts }` its headers named; either may be null.
   */
  response(statusCode, ms, complete, route) {
    this.completed++;
    this.statusCounts[statusCode] = (this.statusCounts[statusCode] ?? 0) + 1;
    if (route?.attempts != null) {
      this.attempts += route.attempts;
      this.attemptsCounted++;
    }
    if (statusCode < 200 || statusCode > 299) this.non2xx++;
    else if (!complete) this.incomplete++;
    else {
      this.succeeded++;
      this.latency.record(ms);
      if (route) {
        const provider = route.provider ?? 'unnamed';
        this.servedBy[provider] = (this.servedBy[provider] ?? 0) + 1;
      }
    }
  }

  /** A request that got no whole response (connection error, timeout). */
  error(kind, isTimeout = false) {
    this.errors++;
    if (isTimeout) this.timeouts++;
    this.errorCounts[kind] = (this.errorCounts[kind] ?? 0) + 1;
  }

  /** Plain JSON summary; `seconds` is the measured wall time of the phase. */
  summarize(seconds) {
    const attempted = this.completed + this.errors;
    return {
      seconds,
      attempted,
      completed: this.completed,
      succeeded: this.succeeded,
      successRate: attempted === 0 ? 0 : this.succeeded / attempted,
      throughput: this.succeeded / seconds,
      non2xx: this.non2xx,
      incomplete: this.incomplete,
      errors: this.errors,
      timeouts: this.timeouts,
      statusCounts: { ...this.statusCounts },
      errorCounts: { ...this.errorCounts },
      servedBy: { ...this.servedBy },
      attemptsPerRequest: this.attemptsCounted === 0 ? null : this.attempts / this.attemptsCounted,
      latencyMs: this.latency.summarize(),
    };
  }
}

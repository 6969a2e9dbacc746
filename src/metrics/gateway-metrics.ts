import { Counter, Gauge, Registry } from 'prom-client';
import type { LogWriterCounts } from '../logs/log-writer.js';
import type { CacheMetrics } from '../cache/cache-metrics.js';
import type { CacheStore } from '../cache/cache-store.js';
import type { AttemptObserver } from '../core/attempt-observer.js';
import type { RequestContext } from '../core/request-context.js';
import type { GatewayError } from '../errors/index.js';
import type { ProviderRuntime } from '../core/provider-runtime.js';
import type { HealthBook } from '../routing/health-book.js';
import { LabelCap } from './label-cap.js';
import { asMetric, CounterFamily, type CounterSeries, HistogramFamily, type HistogramSeries } from './metric-family.js';

/** What the gateway lets its metrics read at scrape time (never per request). */
export interface MetricsSources {
  /** The providers, once loaded. */
  runtimes(): Iterable<ProviderRuntime> | undefined;
  health: HealthBook;
}

/** Options of `GatewayMetrics`. */
export interface GatewayMetricsOptions {
  /** `client.prometheus_labels`: extra labels, each filled from the `x-bf-prom-<label>` request header. */
  customLabels?: readonly string[];
  /** Distinct values kept per custom label (and for `model`); later new values are recorded as `other`. 100 by default. */
  maxLabelValues?: number;
  /** Distinct virtual keys (and teams, customers) kept as labels of the `switchyard_virtual_key_*` families; later ones are `other`. 1,000 by default. */
  maxVirtualKeys?: number;
  sources?: MetricsSources;
}

/** One HTTP request, as the server reports it when the response is over. */
export interface HttpSample {
  /** The matched route's path template, or `unmatched`. */
  path: string;
  method: string;
  status: number;
  requestBytes: number;
  responseBytes: number;
  durationMs: number;
  /** The `method` label of the model call (`chat`, `chat-stream`, `embed`, ...), `undefined` when the route calls no model. */
  operation: string | undefined;
  /** The gateway error code the request was answered with, if any. */
  errorCode: string | undefined;
  context: RequestContext;
  /** Reads a request header by its lower-case name (for custom labels; only called when some are configured). */
  header(name: string): string | undefined;
}

/** The series one label combination of the HTTP families updates. */
interface HttpSeries {
  requests: CounterSeries;
  duration: HistogramSeries;
  requestSize: HistogramSeries;
  responseSize: HistogramSeries;
}

/** The series one (provider, model, method, key, custom labels) combination updates. */
interface UpstreamSeries {
  labels: Record<string, string>;
  requests: CounterSeries;
  latency: HistogramSeries;
  success: CounterSeries;
  inputTokens: CounterSeries;
  outputTokens: CounterSeries;
  cost: CounterSeries;
  retries: HistogramSeries;
  overhead: HistogramSeries;
  /** Error counters by `status_code` and `error_type`. */
  errors: Map<string, CounterSeries>;
}

/** The series of one (provider, model, key) the attempt hook updates. */
interface AttemptSeries {
  labels: Record<string, string>;
  latency: HistogramSeries;
  /** Attempt counters by outcome (`success` or the gateway error code). */
  outcomes: Map<string, CounterSeries>;
}

/** The series one (virtual key, team, customer) combination updates. */
interface VirtualKeySeries {
  requests: CounterSeries;
  cost: CounterSeries;
  tokens: CounterSeries;
}

/** What a stream served by one provider and model observes chunk by chunk: `observeFirst(seconds)`, then `observeGap(seconds)` per chunk. */
export interface StreamTiming {
  observeFirst(seconds: number): void;
  observeGap(seconds: number): void;
}

/** Labels the gateway's own families use: a custom label of one of these names is recorded as `x_<name>`. */
const reservedLabels = new Set(['path', 'method', 'status', 'provider', 'model', 'key', 'status_code', 'error_type', 'outcome', 'cache_type', 'le']);

/** A Prometheus label name for a `client.prometheus_labels` entry. */
function toLabelName(label: string): string {
  const name = label.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return reservedLabels.has(name) || /^(\d|__)/.test(name) ? `x_${name}` : name;
}

const latencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const sizeBuckets = [100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];
const circuitValues = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The gateway's Prometheus metrics, in a registry of their own (never prom-client's
 * global one, so several gateways in one process do not collide). Names follow
 * Bifrost's (`http_requests_total`, `bifrost_upstream_requests_total`, ...); the
 * exposition repeats every family under a `switchyard_` name. Per-request work is
 * one map lookup per label combination and plain arithmetic on the series found
 * (see `metric-family.ts`); provider state (circuits, queues) is read only at scrape time.
 */
export class GatewayMetrics implements AttemptObserver {
  readonly registry = new Registry();
  readonly #customLabels: readonly string[];
  readonly #customHeaders: readonly string[];
  readonly #customCaps: readonly LabelCap[];
  readonly #modelCap: LabelCap;
  readonly #http = new Map<string, HttpSeries>();
  readonly #upstream = new Map<string, UpstreamSeries>();
  readonly #streams = new Map<string, StreamTiming>();
  readonly #attempts = new Map<string, AttemptSeries>();
  readonly #virtualKeys = new Map<string, VirtualKeySeries>();
  readonly #virtualKeyCap: LabelCap;
  readonly #teamCap: LabelCap;
  readonly #customerCap: LabelCap;
  readonly #servers = new Set<() => number>();
  readonly #httpRequests = new CounterFamily('http_requests_total', 'HTTP requests answered.');
  readonly #httpDuration = new HistogramFamily('http_request_duration_seconds', 'Time to answer an HTTP request (a stream: to its end).', latencyBuckets);
  readonly #httpRequestSize = new HistogramFamily('http_request_size_bytes', 'HTTP request body sizes (content-length).', sizeBuckets);
  readonly #httpResponseSize = new HistogramFamily('http_response_size_bytes', 'HTTP response sizes (a stream: the bytes written, headers included).', sizeBuckets);
  readonly #upstreamRequests = new CounterFamily('bifrost_upstream_requests_total', 'Requests sent to providers, once per request (retries and fallbacks included), under the target that served or was tried last.');
  readonly #upstreamLatency = new HistogramFamily('bifrost_upstream_latency_seconds', 'Time spent waiting on providers per request, over all attempts (streams: to the first chunk).', latencyBuckets);
  readonly #success = new CounterFamily('bifrost_success_requests_total', 'Requests answered successfully.');
  readonly #errors = new CounterFamily('bifrost_error_requests_total', 'Requests answered with an error, by HTTP status and gateway error code.');
  readonly #inputTokens = new CounterFamily('bifrost_input_tokens_total', 'Prompt tokens.');
  readonly #outputTokens = new CounterFamily('bifrost_output_tokens_total', 'Completion tokens.');
  readonly #cost = new CounterFamily('bifrost_cost_total', 'Cost in US dollars, for priced models.');
  readonly #retries = new HistogramFamily('bifrost_request_retries', 'Upstream attempts beyond the first, per request (retries, key swaps and fallbacks).', [0, 1, 2, 3, 5, 10]);
  readonly #overhead = new HistogramFamily('bifrost_overhead_latency_microseconds', "The gateway's own time per non-streaming request: total minus time waiting on providers.", [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 50_000, 250_000]);
  readonly #firstToken = new HistogramFamily('bifrost_stream_first_token_latency_seconds', 'Time from the request to the first streamed chunk.', latencyBuckets);
  readonly #interToken = new HistogramFamily('bifrost_stream_inter_token_latency_seconds', 'Time between streamed chunks.', [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);
  readonly #attemptCount = new CounterFamily('switchyard_upstream_attempts_total', 'Upstream attempts (each retry, key swap and fallback target counted), by outcome: success or the gateway error code.');
  readonly #attemptLatency = new HistogramFamily('switchyard_upstream_attempt_latency_seconds', 'Latency of each upstream attempt (streams: to the first chunk).', latencyBuckets);
  readonly #cacheHits = new CounterFamily('bifrost_cache_hits_total', 'Requests answered from the response cache, by cache type: direct (exact) or semantic.');
  readonly #virtualKeyRequests = new CounterFamily('switchyard_virtual_key_requests_total', 'Requests admitted under a governance virtual key, by virtual key, team and customer (answered or not).');
  readonly #virtualKeyCost = new CounterFamily('switchyard_virtual_key_cost_usd_total', 'Cost in US dollars of the answers to requests made with a virtual key, for priced models.');
  readonly #virtualKeyTokens = new CounterFamily('switchyard_virtual_key_tokens_total', 'Total tokens (prompt and completion) of the answers to requests made with a virtual key.');
  readonly #cacheMisses = new CounterFamily('switchyard_cache_misses_total', 'Cache lookups that found no entry (the request went to a provider).');
  readonly #cacheStores = new CounterFamily('switchyard_cache_stores_total', 'Answers stored in the response cache.');
  readonly #cacheLookup = new HistogramFamily('switchyard_cache_lookup_seconds', 'Time of a cache lookup, by cache type (semantic: its embedding call included).', [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]);
  /** What the response cache reports (`CacheMetrics`). */
  readonly cache: CacheMetrics;

  constructor(options: GatewayMetricsOptions = {}) {
    const registers = [this.registry];
    const limit = options.maxLabelValues ?? 100;
    this.#customLabels = (options.customLabels ?? []).map(toLabelName);
    this.#customHeaders = (options.customLabels ?? []).map((label) => `x-bf-prom-${label.toLowerCase()}`);
    this.#customCaps = this.#customLabels.map(() => new LabelCap(limit));
    this.#modelCap = new LabelCap(limit);
    const virtualKeyLimit = options.maxVirtualKeys ?? 1_000;
    this.#virtualKeyCap = new LabelCap(virtualKeyLimit);
    this.#teamCap = new LabelCap(virtualKeyLimit);
    this.#customerCap = new LabelCap(virtualKeyLimit);
    const families = [
      this.#httpRequests, this.#httpDuration, this.#httpRequestSize, this.#httpResponseSize,
      this.#upstreamRequests, this.#upstreamLatency, this.#success, this.#errors, this.#inputTokens, this.#outputTokens, this.#cost,
      this.#retries, this.#overhead, this.#firstToken, this.#interToken, this.#cacheHits, this.#attemptCount, this.#attemptLatency,
      this.#cacheMisses, this.#cacheStores, this.#cacheLookup, this.#virtualKeyRequests, this.#virtualKeyCost, this.#virtualKeyTokens,
    ];
    for (const family of families) this.registry.registerMetric(asMetric(family));
    const hits = { direct: this.#cacheHits.series({ cache_type: 'direct' }), semantic: this.#cacheHits.series({ cache_type: 'semantic' }) };
    const lookups = { direct: this.#cacheLookup.series({ cache_type: 'direct' }), semantic: this.#cacheLookup.series({ cache_type: 'semantic' }) };
    const misses = this.#cacheMisses.series({});
    const stores = this.#cacheStores.series({});
    const lookupFamily = this.#cacheLookup;
    this.cache = {
      hit: (type) => void hits[type].value++,
      miss: () => void misses.value++,
      lookup: (type, seconds) => lookupFamily.observe(lookups[type], seconds),
      stored: () => void stores.value++,
    };
    const servers = this.#servers;
    new Gauge({
      name: 'bifrost_active_requests',
      help: 'HTTP requests being served now.',
      registers,
      collect() {
        let active = 0;
        for (const inFlight of servers) active += inFlight();
        this.set(active);
      },
    });
    const sources = options.sources;
    if (sources) registerProviderGauges(registers, sources);
  }

  /** Lets the gauge `bifrost_active_requests` count a server's in-flight requests; returns the undo. */
  trackServer(inFlight: () => number): () => void {
    this.#servers.add(inFlight);
    return () => this.#servers.delete(inFlight);
  }

  /** Exposes a request log writer's counts (`switchyard_logs_*`), read at scrape time. */
  trackLogs(source: { readonly counts: Readonly<LogWriterCounts> }): void {
    const counter = (name: string, help: string, read: (counts: Readonly<LogWriterCounts>) => number) =>
      new Counter({ name, help, registers: [this.registry], collect() { this.reset(); this.inc(read(source.counts)); } });
    counter('switchyard_logs_written_total', 'Request log entries written to the log store.', (counts) => counts.written);
    counter('switchyard_logs_dropped_total', 'Request log entries dropped because the write queue was full (the log database slow or down).', (counts) => counts.dropped);
    counter('switchyard_logs_write_failures_total', 'Batch inserts into the log store that failed (each is tried again).', (counts) => counts.failures);
    new Gauge({ name: 'switchyard_logs_queue_depth', help: 'Request log entries waiting to be written.', registers: [this.registry], collect() { this.set(source.counts.queued); } });
  }

  /** Exposes the response cache's size and evictions (`switchyard_cache_*`), read at scrape time. */
  trackCache(store: CacheStore): void {
    const registers = [this.registry];
    new Gauge({ name: 'switchyard_cache_entries', help: 'Entries in the response cache.', registers, async collect() { this.set(await store.size().catch(() => 0)); } });
    new Counter({ name: 'switchyard_cache_evictions_total', help: 'Cache entries evicted to stay within max_entries (embedded store).', registers, collect() { this.reset(); this.inc(store.evictions); } });
  }

  /** Records one HTTP request once its response is over. */
  recordHttp(sample: HttpSample): void {
    const custom = this.#customValues(sample);
    const status = String(sample.status);
    const httpKey = custom === undefined ? `${sample.path}\u0001${sample.method}\u0001${status}` : `${sample.path}\u0001${sample.method}\u0001${status}\u0001${custom.join('\u0001')}`;
    let http = this.#http.get(httpKey);
    if (http === undefined) {
      const labels = this.#withCustom({ path: sample.path, method: sample.method, status }, custom);
      http = { requests: this.#httpRequests.series(labels), duration: this.#httpDuration.series(labels), requestSize: this.#httpRequestSize.series(labels), responseSize: this.#httpResponseSize.series(labels) };
      this.#http.set(httpKey, http);
    }
    http.requests.value++;
    this.#httpDuration.observe(http.duration, sample.durationMs / 1000);
    this.#httpRequestSize.observe(http.requestSize, sample.requestBytes);
    this.#httpResponseSize.observe(http.responseSize, sample.responseBytes);

    const { context, operation } = sample;
    if (context.virtualKey !== undefined) this.#recordVirtualKey(context, context.virtualKey);
    if (operation === undefined && context.provider === undefined) return;
    const provider = context.provider ?? '';
    const model = context.model === undefined ? '' : this.#modelCap.value(context.model);
    const method = operation ?? 'other';
    const key = context.keyName ?? '';
    const upstreamKey = custom === undefined ? `${provider}\u0001${model}\u0001${method}\u0001${key}` : `${provider}\u0001${model}\u0001${method}\u0001${key}\u0001${custom.join('\u0001')}`;
    let upstream = this.#upstream.get(upstreamKey);
    if (upstream === undefined) {
      const labels = this.#withCustom({ provider, model, method, key }, custom);
      upstream = {
        labels,
        requests: this.#upstreamRequests.series(labels),
        latency: this.#upstreamLatency.series(labels),
        success: this.#success.series(labels),
        inputTokens: this.#inputTokens.series(labels),
        outputTokens: this.#outputTokens.series(labels),
        cost: this.#cost.series(labels),
        retries: this.#retries.series(labels),
        overhead: this.#overhead.series(labels),
        errors: new Map(),
      };
      this.#upstream.set(upstreamKey, upstream);
    }
    if (context.attempts > 0) {
      upstream.requests.value++;
      this.#upstreamLatency.observe(upstream.latency, context.upstreamMs / 1000);
      this.#retries.observe(upstream.retries, context.attempts - 1);
    }
    // A stream's total time includes the time its chunks took to arrive: that is not the gateway's own.
    if (operation === undefined || !operation.endsWith('-stream')) this.#overhead.observe(upstream.overhead, Math.max(0, sample.durationMs - context.upstreamMs) * 1000);
    if (sample.errorCode === undefined && sample.status < 400) upstream.success.value++;
    else {
      const errorType = sample.errorCode ?? 'unknown';
      const errorKey = `${status}\u0001${errorType}`;
      let errors = upstream.errors.get(errorKey);
      if (errors === undefined) upstream.errors.set(errorKey, (errors = this.#errors.series({ ...upstream.labels, status_code: status, error_type: errorType })));
      errors.value++;
    }
    const usage = context.usage;
    if (usage !== undefined) {
      upstream.inputTokens.value += usage.prompt_tokens;
      upstream.outputTokens.value += usage.completion_tokens;
    }
    if (context.costUsd !== undefined) upstream.cost.value += context.costUsd;
  }

  /** Records one upstream attempt as it ends (`AttemptObserver`, called by `callProvider`). */
  attempt(provider: string, model: string, keyName: string | undefined, latencyMs: number, failure: GatewayError | undefined): void {
    const capped = this.#modelCap.value(model);
    const attemptKey = `${provider}\u0001${capped}\u0001${keyName}`;
    let series = this.#attempts.get(attemptKey);
    if (series === undefined) {
      const labels = { provider, model: capped, key: keyName ?? '' };
      series = { labels, latency: this.#attemptLatency.series(labels), outcomes: new Map() };
      this.#attempts.set(attemptKey, series);
    }
    this.#attemptLatency.observe(series.latency, latencyMs / 1000);
    const outcome = failure === undefined ? 'success' : failure.code;
    let count = series.outcomes.get(outcome);
    if (count === undefined) series.outcomes.set(outcome, (count = this.#attemptCount.series({ ...series.labels, outcome })));
    count.value++;
  }

  /** What a stream served by `provider`/`model` observes its chunk timing with. */
  streamTiming(provider: string, model: string): StreamTiming {
    const capped = this.#modelCap.value(model);
    const timingKey = `${provider}\u0001${capped}`;
    let timing = this.#streams.get(timingKey);
    if (timing === undefined) {
      const labels = { provider, model: capped };
      const first = this.#firstToken.series(labels);
      const gap = this.#interToken.series(labels);
      const firstToken = this.#firstToken;
      const interToken = this.#interToken;
      timing = { observeFirst: (seconds) => firstToken.observe(first, seconds), observeGap: (seconds) => interToken.observe(gap, seconds) };
      this.#streams.set(timingKey, timing);
    }
    return timing;
  }

  /** The exposition text: every family under its Bifrost name, then again under a `switchyard_` name. */
  async exposition(): Promise<string> {
    return withSwitchyardNames(await this.registry.metrics());
  }

  /** Counts a request made with a governance virtual key, and what its answer used. */
  #recordVirtualKey(context: RequestContext, virtualKey: string): void {
    const team = context.virtualKeyTeam;
    const customer = context.virtualKeyCustomer;
    const seriesKey = `${virtualKey}\u0001${team ?? ''}\u0001${customer ?? ''}`;
    let series = this.#virtualKeys.get(seriesKey);
    if (series === undefined) {
      const labels = {
        virtual_key: this.#virtualKeyCap.value(virtualKey),
        team: team === undefined ? '' : this.#teamCap.value(team),
        customer: customer === undefined ? '' : this.#customerCap.value(customer),
      };
      // Values past a cap share the `other` series: look it up by its labels, so it is made once.
      const labelsKey = `${labels.virtual_key}\u0001${labels.team}\u0001${labels.customer}`;
      series = this.#virtualKeys.get(labelsKey);
      if (series === undefined) {
        series = { requests: this.#virtualKeyRequests.series(labels), cost: this.#virtualKeyCost.series(labels), tokens: this.#virtualKeyTokens.series(labels) };
        this.#virtualKeys.set(labelsKey, series);
      }
      if (this.#virtualKeys.size < 10_000) this.#virtualKeys.set(seriesKey, series);
    }
    series.requests.value++;
    if (context.usage !== undefined) series.tokens.value += context.usage.total_tokens;
    if (context.costUsd !== undefined) series.cost.value += context.costUsd;
  }

  #withCustom(labels: Record<string, string>, custom: string[] | undefined): Record<string, string> {
    if (custom !== undefined) for (let i = 0; i < custom.length; i++) labels[this.#customLabels[i]!] = custom[i]!;
    return labels;
  }

  /** The custom label values of a request, capped; `undefined` when no custom labels are configured. */
  #customValues(sample: HttpSample): string[] | undefined {
    const names = this.#customHeaders;
    if (names.length === 0) return undefined;
    const values: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const value = sample.header(names[i]!);
      values.push(value === undefined || value === '' ? '' : this.#customCaps[i]!.value(value.slice(0, 128)));
    }
    return values;
  }
}

/**
 * Prometheus text with every `http_` and `bifrost_` family repeated under a
 * `switchyard_` name. Applied last, so a cluster's aggregated text gets it once.
 */
export function withSwitchyardNames(text: string): string {
  const renamed = text
    .split('\n')
    .filter((line) => /^(# (HELP|TYPE) )?(http_|bifrost_)/.test(line))
    .map((line) => line.replace(/^(# (?:HELP|TYPE) )?(?:bifrost_)?/, '$1switchyard_'))
    .join('\n');
  return `${text.endsWith('\n') ? text : `${text}\n`}${renamed}\n`;
}

/** Circuit state per provider key and concurrency per provider, read at scrape time. */
function registerProviderGauges(registers: Registry[], sources: MetricsSources): void {
  new Gauge({
    name: 'switchyard_circuit_state',
    help: 'Circuit state per provider key: 0 closed, 1 half-open, 2 open.',
    labelNames: ['provider', 'key'],
    // Each worker keeps its own circuits: across a cluster, the most open one.
    aggregator: 'max',
    registers,
    collect() {
      this.reset();
      for (const runtime of sources.runtimes() ?? []) {
        const keys = runtime.keys();
        if (!Array.isArray(keys)) continue;
        for (const key of keys) this.set({ provider: runtime.name, key: key.name }, circuitValues[sources.health.circuitState(key)]);
      }
    },
  });
  new Gauge({
    name: 'switchyard_provider_active_requests',
    help: 'Provider calls holding a concurrency slot (providers with a concurrency limit).',
    labelNames: ['provider'],
    registers,
    collect() {
      this.reset();
      for (const runtime of sources.runtimes() ?? []) if (runtime.limiter) this.set({ provider: runtime.name }, runtime.limiter.active);
    },
  });
  new Gauge({
    name: 'switchyard_provider_queue_depth',
    help: 'Provider calls waiting for a concurrency slot (providers with a concurrency limit).',
    labelNames: ['provider'],
    registers,
    collect() {
      this.reset();
      for (const runtime of sources.runtimes() ?? []) if (runtime.limiter) this.set({ provider: runtime.name }, runtime.limiter.queued);
    },
  });
}

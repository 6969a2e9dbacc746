import { performance } from 'node:perf_hooks';
import { type Attributes, type Context, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, type SpanExporter, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { AttemptObserver } from '../core/attempt-observer.js';
import type { RequestContext } from '../core/request-context.js';
import type { GatewayError } from '../errors/index.js';
import { formatTraceparent, parseTraceparent } from './parse-traceparent.js';

/** The `tracing` config section (docs/observability.md, Traces). */
export interface TracingConfig {
  enabled: boolean;
  /** The OTLP/HTTP traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  endpoint: string;
  headers?: Readonly<Record<string, string>>;
  service_name?: string;
  /** Share of new traces kept (0..1); a caller's sampled `traceparent` is always followed. */
  sample_ratio?: number;
}

/** Options of `GatewayTracing` beyond the config: tests may give their own exporter. */
export interface GatewayTracingOptions {
  exporter?: SpanExporter;
  serviceVersion?: string;
}

/** How a request ended, as the server saw it. */
export interface RequestOutcome {
  method: string;
  /** The route template (`/v1/chat/completions`), `undefined` when none matched. */
  route: string | undefined;
  status: number;
  /** The gateway error code when the request failed. */
  errorCode: string | undefined;
}

/** One request's span and what its attempts need. */
interface RequestTrace {
  readonly span: Span;
  readonly context: Context;
  /** The GenAI operation name (`chat`, `embeddings`, `text_completion`), once the route is known. */
  operation: string | undefined;
  /** The request's own parameters (`recordRequest`): its model as asked, `max_tokens`, `temperature`. */
  parameters: Attributes | undefined;
}

/** The parameters of a request that its span records (never its content). */
export interface TracedParameters {
  model?: string;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
}

/** The server's operation names (`operationOf`) as GenAI operation names. */
const genAiOperations: Readonly<Record<string, string>> = {
  chat: 'chat',
  responses: 'chat',
  'text-completion': 'text_completion',
  embed: 'embeddings',
};

/**
 * OpenTelemetry traces of a gateway, exported over OTLP/HTTP (JSON) by a bounded
 * batch processor: nothing on the request path waits for an export, and spans
 * beyond the queue are dropped. One server span per HTTP request (continuing the
 * caller's W3C `traceparent`), one client span per upstream attempt, with the
 * GenAI semantic-convention attributes. Its own TracerProvider, not the global one;
 * `shutdown` flushes and stops it. Only made when `tracing.enabled` is on: with
 * tracing off no span object is made.
 */
export class GatewayTracing implements AttemptObserver {
  readonly #provider: BasicTracerProvider;
  readonly #tracer: Tracer;
  readonly #requests = new WeakMap<RequestContext, RequestTrace>();

  constructor(config: TracingConfig, options: GatewayTracingOptions = {}) {
    const exporter = options.exporter ?? new OTLPTraceExporter({ url: config.endpoint, headers: { ...config.headers }, timeoutMillis: 10_000 });
    const ratio = Math.min(1, Math.max(0, config.sample_ratio ?? 1));
    this.#provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.service_name ?? 'switchyard', ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}) }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
      spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 1000, exportTimeoutMillis: 10_000 })],
    });
    this.#tracer = this.#provider.getTracer('switchyard');
  }

  /**
   * Starts the span of an HTTP request, as a child of the caller's `traceparent`
   * when it sent a valid one. Returns the request span's `traceparent`, for the response.
   */
  startRequest(context: RequestContext, traceparent: string | undefined, method: string): string {
    const remote = parseTraceparent(traceparent);
    const parent = remote === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, remote);
    const span = this.#tracer.startSpan(method, { kind: SpanKind.SERVER, startTime: performance.timeOrigin + context.startedAt, attributes: { 'http.request.method': method, 'switchyard.request_id': context.requestId } }, parent);
    this.#requests.set(context, { span, context: trace.setSpan(parent, span), operation: undefined, parameters: undefined });
    return formatTraceparent(span.spanContext());
  }

  /** Names the request's operation once its route is known (the server's `operationOf`: `chat`, `embed`, ...). */
  setOperation(context: RequestContext, operation: string | undefined): void {
    const request = this.#requests.get(context);
    if (request !== undefined && operation !== undefined) request.operation = genAiOperations[operation] ?? operation;
  }

  /** Notes a request's model as asked and its sampling parameters, for its span. */
  recordRequest(context: RequestContext, request: TracedParameters): void {
    const traced = this.#requests.get(context);
    if (traced === undefined || !traced.span.isRecording()) return;
    const parameters: Attributes = {};
    if (typeof request.model === 'string') parameters['gen_ai.request.model'] = request.model;
    const maxTokens = request.max_completion_tokens ?? request.max_tokens;
    if (typeof maxTokens === 'number') parameters['gen_ai.request.max_tokens'] = maxTokens;
    if (typeof request.temperature === 'number') parameters['gen_ai.request.temperature'] = request.temperature;
    traced.parameters = parameters;
  }

  /** Ends the request's span with what the context learned: provider, model, usage, outcome. */
  endRequest(context: RequestContext, outcome: RequestOutcome): void {
    const request = this.#requests.get(context);
    if (request === undefined) return;
    this.#requests.delete(context);
    const { span, operation } = request;
    if (!span.isRecording()) {
      span.end();
      return;
    }
    const attributes: Attributes = { 'http.response.status_code': outcome.status, 'switchyard.attempts': context.attempts };
    if (outcome.route !== undefined) attributes['http.route'] = outcome.route;
    if (operation !== undefined) attributes['gen_ai.operation.name'] = operation;
    if (context.provider !== undefined) {
      attributes['gen_ai.system'] = context.provider;
      attributes['gen_ai.provider.name'] = context.provider;
    }
    if (context.model !== undefined) {
      attributes['gen_ai.request.model'] = context.model;
      attributes['gen_ai.response.model'] = context.model;
    }
    // The model as the caller asked for it (`alpha/gpt-4o-mini`, a virtual model), over the one routed to.
    if (request.parameters !== undefined) Object.assign(attributes, request.parameters);
    const usage = context.usage;
    if (usage !== undefined) {
      attributes['gen_ai.usage.input_tokens'] = usage.prompt_tokens;
      attributes['gen_ai.usage.output_tokens'] = usage.completion_tokens;
    }
    if (context.keyName !== undefined) attributes['switchyard.key_name'] = context.keyName;
    if (context.fallbackIndex > 0) attributes['switchyard.fallback_index'] = context.fallbackIndex;
    if (context.hedge !== undefined) attributes['switchyard.hedge'] = context.hedge;
    if (context.costUsd !== undefined) attributes['switchyard.cost_usd'] = context.costUsd;
    if (outcome.errorCode !== undefined) {
      attributes['error.type'] = outcome.errorCode;
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.errorCode });
    }
    span.setAttributes(attributes);
    span.updateName(operation !== undefined && context.model !== undefined ? `${operation} ${context.model}` : outcome.route !== undefined ? `${outcome.method} ${outcome.route}` : outcome.method);
    span.end();
  }

  /** An upstream attempt that just ended: a client span from its start to now, under the request's span. */
  attempt(provider: string, model: string, keyName: string | undefined, latencyMs: number, failure: GatewayError | undefined, context?: RequestContext): void {
    const request = context === undefined ? undefined : this.#requests.get(context);
    if (request !== undefined && !request.span.isRecording()) return;
    const operation = request?.operation ?? 'chat';
    const now = performance.timeOrigin + performance.now();
    const attributes: Attributes = {
      'gen_ai.operation.name': operation,
      'gen_ai.system': provider,
      'gen_ai.provider.name': provider,
      'gen_ai.request.model': model,
      'switchyard.outcome': failure === undefined ? 'success' : failure.code,
      'switchyard.latency_ms': latencyMs,
    };
    if (keyName !== undefined) attributes['switchyard.key_name'] = keyName;
    const span = this.#tracer.startSpan(`${operation} ${model}`, { kind: SpanKind.CLIENT, startTime: now - latencyMs, attributes }, request?.context ?? ROOT_CONTEXT);
    if (failure !== undefined) {
      span.setAttribute('error.type', failure.code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.code });
    }
    span.end(now);
  }

  /** Exports every finished span now (tests; shutdown does it too). */
  forceFlush(): Promise<void> {
    return this.#provider.forceFlush();
  }

  /** Flushes what is queued and stops exporting. */
  shutdown(): Promise<void> {
    return this.#provider.shutdown();
  }
}

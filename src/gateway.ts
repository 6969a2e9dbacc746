import type {
  CancelSignal,
  ChatRequest,
  ChatResponse,
  CompletionRequest,
  CompletionResponse,
  EmbeddingRequest,
  EmbeddingResponse,
  ModelList,
  NativeApi,
  PassthroughRequest,
  PassthroughResponse,
  ResponsesEvent,
  ResponsesRequest,
  ResponsesResponse,
  StreamChunk,
  Usage,
} from './api/index.js';
import { performance } from 'node:perf_hooks';
import type { CallOptions, Gateway, GatewayOptions } from './gateway-api.js';
import { ConfigError } from './config/config-error.js';
import { defaultConfig } from './config/default-config.js';
import { parseConfig } from './config/parse-config.js';
import type { Config } from './config/schema.js';
import { type Account, createConfigAccount } from './core/account.js';
import { callProvider } from './core/call-provider.js';
import { chatFromShortCircuit } from './core/chat-from-short-circuit.js';
import { checkCapabilities } from './core/check-capabilities.js';
import { complete, completeStream } from './core/complete.js';
import { ModelLister } from './core/list-models.js';
import type { OperationHost } from './core/operation-host.js';
import { loadRouting, type Routing } from './core/load-routing.js';
import { checkKeys, type ProviderRuntime } from './core/provider-runtime.js';
import { HeaderFilter } from './core/header-filter.js';
import { createRequestContext, type RequestContext } from './core/request-context.js';
import { passthrough } from './core/passthrough.js';
import { UsageRecorder, usageOfChunk, usageOfResponsesEvent } from './core/usage-recorder.js';
import { respond, respondStream } from './core/respond.js';
import { resolveModel, type ModelRoute } from './core/resolve-model.js';
import { closeQuietly, startStream, type StartedStream } from './core/start-stream.js';
import { compileRoutePlans } from './core/compile-route-plans.js';
import { RoutePlans, withoutFallbacks } from './core/route-plan.js';
import { TargetCaller } from './core/target-caller.js';
import { chatOperation, chatStreamOperation, embedOperation, type TargetOperation } from './core/target-operations.js';
import { callWithPlan, routeWithPlan } from './core/plan-for-host.js';
import { routingSchema } from './config/routing-schema.js';
import { toBase64Embeddings } from './core/to-base64-embeddings.js';
import { validateChatRequest, validateEmbeddingRequest } from './core/validate-request.js';
import { withModel } from './core/with-model.js';
import { errors, type GatewayError, toGatewayError } from './errors/index.js';
import { UpstreamClient } from './http/upstream-client.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { RequestLog } from './logs/request-log.js';
import { GatewayTracing } from './tracing/gateway-tracing.js';
import { type AttemptObserver, combineObservers } from './core/attempt-observer.js';
import { createLogger, type Logger } from './logging/logger.js';
import type { Plugin, PluginRequest } from './plugins/contract.js';
import { PluginHost } from './plugins/plugin-host.js';
import { createBuiltInPlugins } from './plugins/built-in-plugins.js';
import type { GovernancePlugin } from './governance/governance-plugin.js';
import type { GovernanceManager } from './governance/manager/governance-manager.js';
import type { AdapterCall } from './providers/contract.js';
import type { CacheStore } from './cache/cache-store.js';
import { HealthBook } from './routing/health-book.js';
import { adapters, autoProviders, findAdapter } from './providers/registry.js';
import { responseToStream } from './streaming/response-to-stream.js';

export type { CallOptions, Gateway, GatewayOptions } from './gateway-api.js';

/** The routing section's defaults, for a gateway made from an `Account`. */
const noRouting = routingSchema.parse({});

/** Creates a gateway. Throws a `ConfigError` for an invalid config. */
export function createGateway(options: GatewayOptions = {}): Gateway {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger(process.env.SWITCHYARD_LOG_LEVEL ?? 'warn');
  let config: Config | undefined;
  let warnings: string[] = [];
  let account = options.account;
  if (!account) {
    const parsed = parseConfig(options.config ?? defaultConfig(autoProviders, env), { env, source: options.configSource });
    config = parsed.config;
    warnings = parsed.warnings;
    const problems = Object.entries(config.providers).flatMap(([name, provider]) => {
      const adapter = findAdapter(name, provider.custom_provider_config?.base_provider_type);
      return adapter ? checkKeys(name, adapter, provider.keys, provider.network_config.base_url !== undefined) : [];
    });
    if (problems.length > 0) throw new ConfigError(problems, options.configSource);
    account = createConfigAccount(config);
  }
  return new GatewayCore(account, config, warnings, options, logger);
}

class GatewayCore implements Gateway {
  readonly config: Config | undefined;
  readonly warnings: readonly string[];
  readonly plugins: PluginHost;
  readonly metrics: GatewayMetrics;
  readonly tracing: GatewayTracing | undefined;
  readonly logs: RequestLog | undefined;
  readonly cache: CacheStore | undefined;
  readonly governance: GovernanceManager | undefined;
  readonly #governance: GovernancePlugin | undefined;
  readonly #observer: AttemptObserver;
  readonly #http: UpstreamClient;
  readonly #logger: Logger;
  readonly #random: (() => number) | undefined;
  readonly #health: HealthBook;
  readonly #models: ModelLister;
  readonly #init: Promise<Routing>;
  readonly #host: OperationHost;
  readonly #caller: TargetCaller;
  readonly #usage: UsageRecorder;
  /** Compiled at start, before `#routing` is set: a request that finds `#routing` finds the plans. */
  #plans: RoutePlans = RoutePlans.none;
  #routing: Routing | undefined;
  #closing: Promise<void> | undefined;

  constructor(account: Account, config: Config | undefined, warnings: string[], options: GatewayOptions, logger: Logger) {
    this.config = config;
    this.warnings = warnings;
    this.#logger = logger;
    this.#random = options.random;
    this.#health = new HealthBook({ random: options.random, now: options.now, circuitBreaker: config?.routing.circuit_breaker });
    this.#http = new UpstreamClient(options.upstream);
    this.metrics = new GatewayMetrics({ customLabels: config?.client.prometheus_labels, sources: { runtimes: () => this.#routing?.runtimes.values(), health: this.#health } });
    this.tracing = config?.tracing?.enabled ? new GatewayTracing(config.tracing) : undefined;
    this.logs = config === undefined || !config.client.enable_logging ? undefined : RequestLog.open({ store: config.logs_store, appDir: options.appDir, disableContentLogging: config.client.disable_content_logging, retentionDays: config.client.log_retention_days, logger });
    if (this.logs !== undefined) this.metrics.trackLogs(this.logs);
    this.#observer = this.tracing === undefined ? this.metrics : combineObservers(this.metrics, this.tracing);
    const builtIn = config === undefined ? undefined : createBuiltInPlugins(config, { embed: (request, callOptions) => this.embed(request, callOptions), appDir: options.appDir, logger, cacheMetrics: this.metrics.cache, env: options.env });
    this.cache = builtIn?.cache;
    this.#governance = builtIn?.governance;
    this.governance = builtIn?.governanceManager;
    // Requests wait for the config store's entities (start never rejects).
    const governanceLoaded = this.governance?.start();
    if (this.cache !== undefined) this.metrics.trackCache(this.cache);
    this.plugins = new PluginHost([...(builtIn?.plugins ?? []), ...(options.plugins ?? [])], logger);
    this.#models = new ModelLister(this.#http, logger);
    this.#usage = new UsageRecorder(config?.pricing, () => this.#routing?.runtimes);
    this.#caller = new TargetCaller({
      http: this.#http,
      health: this.#health,
      logger,
      random: options.random,
      headerFilter: new HeaderFilter(config?.client.header_filter_config),
      directKeys: config?.client.allow_direct_keys === true,
      streamTimeouts: (runtime) => this.#plans.streamTimeouts(runtime),
      observer: this.#observer,
    });
    const runtimeDefaults = { dropExcessRequests: config?.client.drop_excess_requests, strategy: config?.routing.strategy };
    this.#init = loadRouting(account, findAdapter, [...adapters.keys()], options.configSource, runtimeDefaults).then((routing) =>
      compileRoutePlans(routing, config?.routing ?? noRouting, account, this.#health, options.configSource).then(async (plans) => {
        await governanceLoaded;
        this.#plans = plans;
        return (this.#routing = routing);
      }),
    );
    this.#init.catch(() => undefined); // surfaced by ready() and by every call
    this.#host = {
      route: async (model, context) => {
        const routing = this.#routing ?? (await this.#init);
        return this.#plans.applies(model, undefined) ? routeWithPlan(this.#plans, model, context) : this.#route(routing, model, context);
      },
      call: (route, request, context, invoke, holdSlot) => {
        // Operations plugins do not see (native passthrough, completions, Responses) pass governance here.
        const governance = this.#governance;
        if (governance === undefined) return this.#hostCall(route, request, context, invoke, holdSlot);
        return governance
          .admit(`${route.runtime.name}/${route.model}`, context)
          .then(() => this.#hostCall(route, request, context, invoke, holdSlot))
          .then(async (result) => {
            if (holdSlot !== true) await governance.settle(context);
            return result;
          });
      },
      chat: (request, options) => this.chat(request, options),
      chatStream: (request, options) => this.chatStream(request, options),
      failure: (error) => this.#failure(error),
      logger,
    };
  }

  ready(): Promise<void> {
    return this.#init.then(() => undefined);
  }

  chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResponse> {
    // The common case (providers loaded, no plugins) adds no async frame: with thousands of
    // slow requests in flight, every suspended frame kept per request costs GC time.
    try {
      const context = options.context ?? createRequestContext(options);
      validateChatRequest(request);
      if (this.tracing !== undefined) this.tracing.recordRequest(context, request);
      const routing = this.#routing;
      if (routing !== undefined && this.plugins.plugins.length === 0) return this.#chat(routing, request, context);
      return this.#chatWithPlugins(request, context);
    } catch (error) {
      return Promise.reject(this.#failure(error));
    }
  }

  async #chatWithPlugins(request: ChatRequest, context: RequestContext): Promise<ChatResponse> {
    const routing = this.#routing ?? (await this.#init);
    if (this.plugins.plugins.length === 0) return this.#chat(routing, request, context);

    const pluginRequest: PluginRequest = { operation: 'chat', request, context };
    const phase = await this.plugins.runRequest(pluginRequest);
    if (phase.shortCircuit) {
      let response: ChatResponse;
      try {
        response = await chatFromShortCircuit(phase.shortCircuit);
      } catch (error) {
        const failure = this.#failure(error);
        await this.plugins.runResponse(pluginRequest, phase.ran, { error: failure, shortCircuited: true });
        throw failure;
      }
      await this.plugins.runResponse(pluginRequest, phase.ran, { response, usage: response.usage, shortCircuited: true });
      return response;
    }
    try {
      const response = await this.#chat(routing, pluginRequest.request, context);
      await this.plugins.runResponse(pluginRequest, phase.ran, { response, usage: response.usage, shortCircuited: false });
      return response;
    } catch (error) {
      const failure = this.#failure(error);
      await this.plugins.runResponse(pluginRequest, phase.ran, { error: failure, shortCircuited: false });
      throw failure;
    }
  }

  async *chatStream(request: ChatRequest, options: CallOptions = {}): AsyncGenerator<StreamChunk, void, undefined> {
    const context = options.context ?? createRequestContext(options);
    validateChatRequest(request);
    if (this.tracing !== undefined) this.tracing.recordRequest(context, request);
    const routing = this.#routing ?? (await this.#init);
    const hasPlugins = this.plugins.plugins.length > 0;
    const pluginRequest: PluginRequest = { operation: 'chat-stream', request, context };
    let ran: readonly Plugin[] = [];
    let started: StartedStream;
    let release: (() => void) | undefined;
    let shortCircuited = false;

    try {
      const phase = hasPlugins ? await this.plugins.runRequest(pluginRequest) : undefined;
      if (phase) ran = phase.ran;
      if (phase?.shortCircuit) {
        shortCircuited = true;
        const source = 'stream' in phase.shortCircuit ? phase.shortCircuit.stream : responseToStream(phase.shortCircuit.response as ChatResponse);
        started = await startStream(async () => source);
      } else {
        const opened = await this.#send(routing, pluginRequest.request as ChatRequest, context, chatStreamOperation);
        started = opened.result;
        const limiter = opened.target.runtime.limiter;
        if (limiter) release = () => limiter.release();
      }
    } catch (error) {
      const failure = this.#failure(error);
      if (hasPlugins) await this.plugins.runResponse(pluginRequest, ran, { error: failure, shortCircuited });
      throw failure;
    }

    const { iterator } = started;
    const transforms = this.plugins.transformsChunks;
    let next = started.first;
    let usage: Usage | undefined;
    let completed = false;
    let failure: GatewayError | undefined;
    // One clock read per chunk: time to the first chunk, then between chunks.
    const timing = shortCircuited || context.provider === undefined ? undefined : this.metrics.streamTiming(context.provider, context.model ?? '');
    let chunkAt = timing === undefined ? 0 : performance.now();
    timing?.observeFirst((chunkAt - context.startedAt) / 1000);
    try {
      while (!next.done) {
        let chunk: StreamChunk | null = next.value;
        if (chunk.type === 'usage') usage = chunk.usage;
        if (transforms) chunk = this.plugins.transformChunk(pluginRequest, ran, chunk);
        if (chunk !== null) yield chunk;
        next = await iterator.next();
        if (timing !== undefined && !next.done) {
          const now = performance.now();
          timing.observeGap((now - chunkAt) / 1000);
          chunkAt = now;
        }
      }
      completed = true;
    } catch (error) {
      failure = this.#failure(error);
      if (failure.failureClass !== 'cancelled') {
        this.#logger.warn({ requestId: context.requestId, provider: context.provider, code: failure.code, err: failure }, 'stream failed after output began');
        yield { type: 'error', error: failure };
      }
    } finally {
      release?.();
      if (usage !== undefined && !shortCircuited) this.#usage.usage(context, usage);
      if (!completed) await closeQuietly(iterator);
      if (hasPlugins) await this.plugins.runResponse(pluginRequest, ran, { streamed: completed, error: failure, usage, shortCircuited });
    }
  }

  async embed(request: EmbeddingRequest, options: CallOptions = {}): Promise<EmbeddingResponse> {
    const context = options.context ?? createRequestContext(options);
    validateEmbeddingRequest(request);
    if (this.tracing !== undefined) this.tracing.recordRequest(context, request);
    const routing = this.#routing ?? (await this.#init);
    const pluginRequest: PluginRequest = { operation: 'embed', request, context };
    const phase = this.plugins.plugins.length > 0 ? await this.plugins.runRequest(pluginRequest) : undefined;
    const base64 = (pluginRequest.request as EmbeddingRequest).encoding_format === 'base64';
    if (phase?.shortCircuit && 'response' in phase.shortCircuit) {
      let response = phase.shortCircuit.response as EmbeddingResponse;
      if (base64) response = toBase64Embeddings(response);
      await this.plugins.runResponse(pluginRequest, phase.ran, { response, shortCircuited: true });
      return response;
    }
    try {
      let response = this.#usage.answer(context, (await this.#send(routing, pluginRequest.request as EmbeddingRequest, context, embedOperation)).result);
      if (base64) response = toBase64Embeddings(response);
      if (phase) await this.plugins.runResponse(pluginRequest, phase.ran, { response, shortCircuited: false });
      return response;
    } catch (error) {
      const failure = this.#failure(error);
      if (phase) await this.plugins.runResponse(pluginRequest, phase.ran, { error: failure, shortCircuited: false });
      throw failure;
    }
  }

  complete(request: CompletionRequest, options: CallOptions = {}): Promise<CompletionResponse> {
    const context = options.context ?? createRequestContext(options);
    if (this.tracing !== undefined) this.tracing.recordRequest(context, request);
    return complete(this.#host, request, context).catch((error: unknown) => Promise.reject(this.#failure(error)));
  }

  async *completeStream(request: CompletionRequest, options: CallOptions = {}): AsyncGenerator<StreamChunk, void, undefined> {
    try {
      const context = options.context ?? createRequestContext(options);
      try {
        yield* this.#usage.relay(context, completeStream(this.#host, request, context), usageOfChunk);
      } finally {
        await this.#governance?.settle(context);
      }
    } catch (error) {
      throw this.#failure(error);
    }
  }

  respond(request: ResponsesRequest, options: CallOptions = {}): Promise<ResponsesResponse> {
    return respond(this.#host, request, options.context ?? createRequestContext(options)).catch((error: unknown) => Promise.reject(this.#failure(error)));
  }

  async *respondStream(request: ResponsesRequest, options: CallOptions = {}): AsyncGenerator<ResponsesEvent, void, undefined> {
    try {
      const context = options.context ?? createRequestContext(options);
      try {
        yield* this.#usage.relay(context, respondStream(this.#host, request, context), usageOfResponsesEvent);
      } finally {
        await this.#governance?.settle(context);
      }
    } catch (error) {
      throw this.#failure(error);
    }
  }

  passthrough(request: PassthroughRequest, options: CallOptions = {}): Promise<PassthroughResponse | undefined> {
    return passthrough(this.#host, request, options.context ?? createRequestContext(options)).catch((error: unknown) => Promise.reject(this.#failure(error)));
  }

  async resolveNativeModel(api: NativeApi, model: string): Promise<string> {
    const routing = this.#routing ?? (await this.#init);
    if (model.includes('/') || routing.bareModels.has(model) || this.#plans.isVirtual(model)) return model;
    for (const runtime of routing.runtimes.values()) if (runtime.adapter.nativeApis?.includes(api)) return `${runtime.name}/${model}`;
    return model;
  }

  async listModels(options: { provider?: string; signal?: CancelSignal } = {}): Promise<ModelList> {
    const routing = this.#routing ?? (await this.#init);
    let runtimes: Iterable<ProviderRuntime> = routing.runtimes.values();
    if (options.provider !== undefined) {
      const runtime = routing.runtimes.get(options.provider.toLowerCase());
      if (runtime === undefined) throw errors.providerNotFound(options.provider);
      runtimes = [runtime];
    }
    const data = await this.#models.list(runtimes, options.signal);
    if (options.provider === undefined) data.push(...this.#plans.listVirtual());
    return { object: 'list', data: data.sort((a, b) => a.id.localeCompare(b.id)) };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.governance?.close().catch((error: unknown) => this.#logger.warn({ err: error }, 'could not close the governance config store'));
      await this.plugins.close();
      await this.cache?.close().catch((error: unknown) => this.#logger.warn({ err: error }, 'could not close the cache store'));
      await this.#http.close();
      await this.tracing?.shutdown().catch((error: unknown) => this.#logger.warn({ err: error }, 'could not flush the traces'));
      await this.logs?.close().catch((error: unknown) => this.#logger.warn({ err: error }, 'could not close the request log'));
    })();
    return this.#closing;
  }

  /** Routes and calls the provider; throws synchronously for a request that cannot be routed. */
  #chat(routing: Routing, request: ChatRequest, context: RequestContext): Promise<ChatResponse> {
    if (this.#plans.applies(request.model, request.fallbacks)) {
      return this.#caller
        .callPlan(this.#plans.plan(request.model, request.fallbacks), withoutFallbacks(request), context, chatOperation)
        .then((served) => this.#usage.answer(context, served.result));
    }
    const route = this.#route(routing, request.model, context);
    const adapter = route.runtime.adapter;
    if (!adapter.chat) throw errors.unsupportedOperation(route.runtime.name, 'chat');
    checkCapabilities(request, adapter, route.runtime.name);
    const upstreamRequest = withModel(request, route.model);
    const forwardHeaders = this.#caller.forwardHeaders(context);
    return callProvider({
      runtime: route.runtime,
      model: route.model,
      context,
      random: this.#random,
      health: this.#health,
      directKey: this.#caller.directKey(context),
      observer: this.#observer,
      attempt: (key) => adapter.chat!({ request: upstreamRequest, key, settings: route.runtime.settings, http: this.#http, signal: context.signal, warnings: context.warnings, forwardHeaders }),
    }).then((response) => this.#usage.answer(context, response));
  }

  /** An operation on the model's target, or on its plan's targets in turn (`runPlan`); throws synchronously for a request that cannot be routed. */
  #send<Request extends { model: string; fallbacks?: unknown }, Result>(
    routing: Routing,
    request: Request,
    context: RequestContext,
    operation: TargetOperation<Request, Result>,
  ): Promise<{ result: Result; target: ModelRoute }> {
    if (this.#plans.applies(request.model, request.fallbacks)) {
      return this.#caller.callPlan(this.#plans.plan(request.model, request.fallbacks), withoutFallbacks(request), context, operation);
    }
    const route = this.#route(routing, request.model, context);
    operation.check(route, request);
    return this.#caller.call(route, request, context, operation.invoke, operation.stream).then((result) => ({ result, target: route }));
  }

  /** `OperationHost.call` without governance: one operation on the route's provider, priced once answered. */
  #hostCall<Request extends { model: string }, Result>(route: ModelRoute, request: Request, context: RequestContext, invoke: (call: AdapterCall<Request>) => Promise<Result>, holdSlot?: boolean): Promise<Result> {
    const fallbacks = (request as { fallbacks?: unknown }).fallbacks;
    const answer =
      route.plan === undefined && fallbacks === undefined
        ? this.#caller.call(route, request, context, invoke, holdSlot)
        : callWithPlan(this.#caller, this.#plans, route, request, context, invoke, holdSlot === true);
    return holdSlot === true ? answer : answer.then((result) => this.#usage.answer(context, result));
  }

  #route(routing: Routing, model: unknown, context: RequestContext): ModelRoute {
    const route = resolveModel(model, routing.runtimes, routing.bareModels);
    context.provider = route.runtime.name;
    context.model = route.model;
    return route;
  }

  #failure(error: unknown): GatewayError {
    const failure = toGatewayError(error);
    if (failure.failureClass === 'internal') this.#logger.error({ err: failure.cause ?? failure }, 'internal error');
    return failure;
  }
}

import type { CancelSignal, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse, ModelList, StreamChunk, Usage } from './api/index.js';
import { ConfigError } from './config/config-error.js';
import { defaultConfig } from './config/default-config.js';
import { parseConfig } from './config/parse-config.js';
import type { Config, ConfigInput } from './config/schema.js';
import { type Account, createConfigAccount } from './core/account.js';
import { callProvider } from './core/call-provider.js';
import { ModelLister } from './core/list-models.js';
import { buildProviderRuntimes, checkKeys, type ProviderRuntime } from './core/provider-runtime.js';
import { createRequestContext, type RequestContext, type RequestContextInit } from './core/request-context.js';
import { resolveModel, type ModelRoute } from './core/resolve-model.js';
import { closeQuietly, startStream, type StartedStream } from './core/start-stream.js';
import { validateChatRequest, validateEmbeddingRequest } from './core/validate-request.js';
import { errors, type GatewayError, toGatewayError } from './errors/index.js';
import { UpstreamClient, type UpstreamClientOptions } from './http/upstream-client.js';
import { createLogger, type Logger } from './logging/logger.js';
import type { Plugin, PluginRequest, ShortCircuit } from './plugins/contract.js';
import { PluginHost } from './plugins/plugin-host.js';
import { adapters, autoProviders, findAdapter } from './providers/registry.js';
import { StreamCollector } from './streaming/collect-stream.js';
import { responseToStream } from './streaming/response-to-stream.js';

/** How to create a gateway: from a config (either Bifrost form) or from an `Account`; with neither, the defaults of `defaultConfig`. */
export interface GatewayOptions {
  /** The same schema as `config.json`. `env.NAME` strings are resolved from `env`. */
  config?: ConfigInput | Record<string, unknown>;
  /** Providers and keys from your own source (a secret manager, say), instead of `config`. */
  account?: Account;
  plugins?: readonly Plugin[];
  logger?: Logger;
  /** Where `config` came from (a file path), named in configuration errors. */
  configSource?: string;
  /** Environment for `env.NAME` references; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Random source for key choice and jitter; inject one to make tests deterministic. */
  random?: () => number;
  upstream?: UpstreamClientOptions;
}

/** Per-call options: a request context to fill (the server passes one), or its parts. */
export interface CallOptions extends RequestContextInit {
  context?: RequestContext;
}

/** The gateway: the library every transport (the HTTP server included) uses. */
export interface Gateway {
  /** A chat completion. */
  chat(request: ChatRequest, options?: CallOptions): Promise<ChatResponse>;
  /**
   * A streamed chat completion, as normalized chunks. Errors before the first chunk
   * are thrown (and may have been retried); after it, they arrive as an `error` chunk.
   */
  chatStream(request: ChatRequest, options?: CallOptions): AsyncGenerator<StreamChunk, void, undefined>;
  embed(request: EmbeddingRequest, options?: CallOptions): Promise<EmbeddingResponse>;
  listModels(options?: { signal?: CancelSignal }): Promise<ModelList>;
  /** Resolves once providers are loaded; rejects with a `ConfigError` if they cannot be. */
  ready(): Promise<void>;
  /** Closes plugins and upstream connections; calling it again returns the same promise. */
  close(): Promise<void>;
  /** The validated config (`undefined` in account mode). */
  readonly config: Config | undefined;
  /** What the config validation noticed but accepted (unknown keys, ...). */
  readonly warnings: readonly string[];
  readonly plugins: PluginHost;
}

interface Routing {
  runtimes: Map<string, ProviderRuntime>;
  bareModels: Map<string, string>;
}

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
  readonly #http: UpstreamClient;
  readonly #logger: Logger;
  readonly #random: (() => number) | undefined;
  readonly #models: ModelLister;
  readonly #init: Promise<Routing>;
  #routing: Routing | undefined;
  #closing: Promise<void> | undefined;

  constructor(account: Account, config: Config | undefined, warnings: string[], options: GatewayOptions, logger: Logger) {
    this.config = config;
    this.warnings = warnings;
    this.#logger = logger;
    this.#random = options.random;
    this.#http = new UpstreamClient(options.upstream);
    this.plugins = new PluginHost(options.plugins ?? [], logger);
    this.#models = new ModelLister(this.#http, logger);
    this.#init = this.#load(account, options.configSource);
    this.#init.catch(() => undefined); // surfaced by ready() and by every call
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
        const route = this.#route(routing, pluginRequest.request.model, context);
        const adapter = route.runtime.adapter;
        if (!adapter.chatStream) throw errors.unsupportedOperation(route.runtime.name, 'streaming chat');
        const upstreamRequest = withModel(pluginRequest.request as ChatRequest, route.model);
        started = await callProvider({
          runtime: route.runtime,
          model: route.model,
          context,
          holdSlot: true,
          random: this.#random,
          attempt: (key) =>
            startStream(() =>
              adapter.chatStream!({ request: upstreamRequest, key, settings: route.runtime.settings, http: this.#http, signal: context.signal, warnings: context.warnings }),
            ),
        });
        const limiter = route.runtime.limiter;
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
    try {
      while (!next.done) {
        let chunk: StreamChunk | null = next.value;
        if (chunk.type === 'usage') usage = chunk.usage;
        if (transforms) chunk = this.plugins.transformChunk(pluginRequest, ran, chunk);
        if (chunk !== null) yield chunk;
        next = await iterator.next();
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
      if (!completed) await closeQuietly(iterator);
      if (hasPlugins) await this.plugins.runResponse(pluginRequest, ran, { streamed: completed, error: failure, usage, shortCircuited });
    }
  }

  async embed(request: EmbeddingRequest, options: CallOptions = {}): Promise<EmbeddingResponse> {
    const context = options.context ?? createRequestContext(options);
    validateEmbeddingRequest(request);
    const routing = this.#routing ?? (await this.#init);
    const pluginRequest: PluginRequest = { operation: 'embed', request, context };
    const phase = this.plugins.plugins.length > 0 ? await this.plugins.runRequest(pluginRequest) : undefined;
    if (phase?.shortCircuit && 'response' in phase.shortCircuit) {
      const response = phase.shortCircuit.response as EmbeddingResponse;
      await this.plugins.runResponse(pluginRequest, phase.ran, { response, shortCircuited: true });
      return response;
    }
    try {
      const route = this.#route(routing, pluginRequest.request.model, context);
      const adapter = route.runtime.adapter;
      if (!adapter.embed) throw errors.unsupportedOperation(route.runtime.name, 'embeddings');
      const upstreamRequest = withModel(pluginRequest.request as EmbeddingRequest, route.model);
      const response = await callProvider({
        runtime: route.runtime,
        model: route.model,
        context,
        random: this.#random,
        attempt: (key) => adapter.embed!({ request: upstreamRequest, key, settings: route.runtime.settings, http: this.#http, signal: context.signal, warnings: context.warnings }),
      });
      if (phase) await this.plugins.runResponse(pluginRequest, phase.ran, { response, shortCircuited: false });
      return response;
    } catch (error) {
      const failure = this.#failure(error);
      if (phase) await this.plugins.runResponse(pluginRequest, phase.ran, { error: failure, shortCircuited: false });
      throw failure;
    }
  }

  async listModels(options: { signal?: CancelSignal } = {}): Promise<ModelList> {
    const routing = this.#routing ?? (await this.#init);
    return { object: 'list', data: await this.#models.list(routing.runtimes.values(), options.signal) };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.plugins.close();
      await this.#http.close();
    })();
    return this.#closing;
  }

  /** Routes and calls the provider; throws synchronously for a request that cannot be routed. */
  #chat(routing: Routing, request: ChatRequest, context: RequestContext): Promise<ChatResponse> {
    const route = this.#route(routing, request.model, context);
    const adapter = route.runtime.adapter;
    if (!adapter.chat) throw errors.unsupportedOperation(route.runtime.name, 'chat');
    const upstreamRequest = withModel(request, route.model);
    return callProvider({
      runtime: route.runtime,
      model: route.model,
      context,
      random: this.#random,
      attempt: (key) => adapter.chat!({ request: upstreamRequest, key, settings: route.runtime.settings, http: this.#http, signal: context.signal, warnings: context.warnings }),
    });
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

  async #load(account: Account, source: string | undefined): Promise<Routing> {
    const runtimes = await buildProviderRuntimes(account, findAdapter, [...adapters.keys()], source);
    const bareModels = new Map<string, string>();
    for (const runtime of runtimes.values()) {
      for (const key of await runtime.keys()) {
        for (const model of key.models) if (model !== '*' && !bareModels.has(model)) bareModels.set(model, runtime.name);
      }
    }
    this.#routing = { runtimes, bareModels };
    return this.#routing;
  }
}

function withModel<T extends { model: string }>(request: T, model: string): T {
  return request.model === model ? request : { ...request, model };
}

async function chatFromShortCircuit(shortCircuit: ShortCircuit): Promise<ChatResponse> {
  if ('response' in shortCircuit) return shortCircuit.response as ChatResponse;
  const collector = new StreamCollector();
  for await (const chunk of shortCircuit.stream) collector.add(chunk);
  return collector.response();
}

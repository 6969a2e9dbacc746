import type { CancelSignal } from '../api/cancel-signal.js';
import { errors } from '../errors/index.js';
import type { UpstreamClient } from '../http/upstream-client.js';
import type { Logger } from '../logging/logger.js';
import type { AdapterCall, ProviderAdapter } from '../providers/contract.js';
import type { HealthBook } from '../routing/health-book.js';
import type { AttemptObserver } from './attempt-observer.js';
import { callProvider } from './call-provider.js';
import type { HeaderFilter } from './header-filter.js';
import type { ProviderRuntime } from './provider-runtime.js';
import type { RequestContext } from './request-context.js';
import type { ModelRoute } from './resolve-model.js';
import type { RoutePlan } from './route-plan.js';
import { runPlan, type Served } from './run-plan.js';
import { closeQuietly } from './start-stream.js';
import { startWithTimeouts, type StreamTimeouts } from './stream-timeouts.js';
import { withModel } from './with-model.js';

/** What a `TargetCaller` works with, from the gateway. */
export interface TargetCallerOptions {
  http: UpstreamClient;
  health: HealthBook;
  logger: Logger;
  random: (() => number) | undefined;
  headerFilter: HeaderFilter;
  /** `client.allow_direct_keys`. */
  directKeys: boolean;
  /** A provider's stream timeouts, if it sets any. */
  streamTimeouts: (runtime: ProviderRuntime) => StreamTimeouts | undefined;
  /** Told of each upstream attempt's outcome (metrics). */
  observer?: AttemptObserver;
}

/** An operation as `callPlan` sends it to each target (see `TargetOperation`). */
export interface PlannedOperation<Request, Result> {
  readonly stream: boolean;
  check?(target: ModelRoute, request: Request): void;
  invoke(call: AdapterCall<Request>, adapter: ProviderAdapter): Promise<Result>;
}

const noHeaders: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Sends one operation to one target (`call`: key choice, a concurrency slot,
 * retries, and for streams the provider's stream timeouts), or to a plan's
 * targets in turn (`callPlan`).
 */
export class TargetCaller {
  readonly #options: TargetCallerOptions;

  constructor(options: TargetCallerOptions) {
    this.#options = options;
  }

  /**
   * The operation on `target`, `request` sent with the target's model name. With
   * `holdSlot` (a stream), the concurrency slot is kept after success (release it
   * with `target.runtime.limiter?.release()`) and the stream timeouts apply.
   */
  call<Request extends { model: string }, Result>(
    target: ModelRoute,
    request: Request,
    context: RequestContext,
    invoke: (call: AdapterCall<Request>, adapter: ProviderAdapter) => Promise<Result>,
    holdSlot = false,
    signal: CancelSignal | undefined = context.signal,
  ): Promise<Result> {
    const { http, health, random } = this.#options;
    const { runtime } = target;
    const { adapter, settings } = runtime;
    const upstreamRequest = withModel(request, target.model);
    const forwardHeaders = this.forwardHeaders(context);
    const warnings = context.warnings;
    const timeouts = holdSlot ? this.#options.streamTimeouts(runtime) : undefined;
    return callProvider({
      runtime,
      model: target.model,
      context,
      holdSlot,
      random,
      health,
      directKey: this.directKey(context),
      observer: this.#options.observer,
      attempt:
        timeouts === undefined
          ? (key) => invoke({ request: upstreamRequest, key, settings, http, signal, warnings, forwardHeaders }, adapter)
          : (key) => startWithTimeouts((own) => invoke({ request: upstreamRequest, key, settings, http, signal: own, warnings, forwardHeaders }, adapter), signal, timeouts, runtime.name),
    });
  }

  /**
   * The operation on a plan's targets in turn (see `runPlan`). With a caller's
   * direct key, targets of another provider than the first are skipped: the key
   * is never sent to a provider it was not meant for.
   */
  callPlan<Request extends { model: string }, Result>(plan: RoutePlan, request: Request, context: RequestContext, operation: PlannedOperation<Request, Result>): Promise<Served<Result>> {
    const directKey = this.directKey(context);
    const primary = plan.targets[0]?.runtime;
    const holdSlot = operation.stream;
    return runPlan(plan, context, this.#options.health, this.#options.logger, {
      check: (target) => {
        if (directKey !== undefined && target.runtime !== primary) throw errors.unsupportedOperation(target.runtime.name, "another provider's direct key");
        operation.check?.(target, request);
      },
      run: (target, signal) => this.call(target, request, context, operation.invoke, holdSlot, signal),
      discard: holdSlot
        ? (result, target) => {
            const iterator = (result as { iterator?: AsyncIterator<unknown> }).iterator;
            if (iterator !== undefined) void closeQuietly(iterator);
            target.runtime.limiter?.release();
          }
        : undefined,
    });
  }

  /**
   * The caller headers forwarded on this request's provider calls, once per operation
   * (retries reuse them). Nothing is read unless `client.header_filter_config` has an
   * allowlist or a drop-in surface set `context.forwardHeaders`.
   */
  forwardHeaders(context: RequestContext): Readonly<Record<string, string>> | undefined {
    const filter = this.#options.headerFilter;
    const vendor = context.forwardHeaders;
    if (!filter.selects && vendor === undefined) return undefined;
    return filter.select(filter.selects ? context.headers : noHeaders, vendor);
  }

  /** The caller's own key, used only with `client.allow_direct_keys` on. */
  directKey(context: RequestContext): string | undefined {
    return this.#options.directKeys ? context.directKey : undefined;
  }
}

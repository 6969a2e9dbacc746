import type { ModelInfo } from '../api/index.js';
import type { BalanceStrategy, HealthBook } from '../routing/health-book.js';
import { errors, isGatewayError } from '../errors/index.js';
import type { ProviderRuntime } from './provider-runtime.js';
import type { ModelRoute } from './resolve-model.js';
import type { StreamTimeouts } from './stream-timeouts.js';

/**
 * One place a request can go: a provider and its model name. Targets the config
 * names are made once, at start, and tracked: the health book hears their
 * attempts, so it can balance a virtual model and report their latency for hedging.
 */
export interface Target extends ModelRoute {
  /** `provider/model`. */
  readonly label: string;
  /** Share of a virtual model's traffic (1 for other targets). */
  readonly weight: number;
  /** Made at start and reported to the health book; a request's own fallback the config does not name is not. */
  readonly tracked: boolean;
}

/** When a request is sent again to the next target while the first is still silent (`routing.hedge`). */
export interface HedgePolicy {
  /** Fixed delay in milliseconds; without it, the first target's recent p95 latency (no hedge until it is known). */
  readonly afterMs: number | undefined;
  /** The smallest delay taken from the p95. */
  readonly minDelayMs: number;
}

/** The targets of one request in the order they are tried (the first is the primary), and its hedging. */
export interface RoutePlan {
  readonly targets: readonly Target[];
  readonly hedge: HedgePolicy | undefined;
}

/** A virtual model (`routing.virtual_models.<alias>`), compiled. */
export interface VirtualModel {
  readonly name: string;
  readonly targets: readonly Target[];
  readonly strategy: BalanceStrategy;
  readonly fallbacks: readonly Target[];
  readonly hedge: HedgePolicy | undefined;
}

/** What `RoutePlans` is built from (see `compileRoutePlans`). */
export interface RoutePlanTables {
  /** Virtual models by alias. */
  virtual: Map<string, VirtualModel>;
  /** Plans fixed at start (config fallbacks and hedging), by requested model. */
  fixed: Map<string, RoutePlan>;
  /** Every `provider/model` target the config names, by label. */
  named: Map<string, Target>;
  /** Stream timeouts by provider name (only providers that set one). */
  streamTimeouts: Map<string, StreamTimeouts>;
}

/**
 * Routes requests to their targets: a virtual model's (ordered by the health
 * book), a model's fallbacks (the request's own, or the config's), or just the
 * model. Built once at start; a request for a plain model with no fallbacks
 * anywhere never gets here (`applies` is false) and takes the direct path.
 */
export class RoutePlans {
  /** Before start: nothing configured. */
  static readonly none = new RoutePlans({ virtual: new Map(), fixed: new Map(), named: new Map(), streamTimeouts: new Map() }, undefined, (model) => {
    throw errors.invalidModel(`model '${String(model)}' cannot be routed yet`);
  });

  readonly #tables: RoutePlanTables;
  readonly #health: HealthBook | undefined;
  readonly #resolve: (model: unknown) => ModelRoute;
  readonly #any: boolean;
  readonly #created = Math.floor(Date.now() / 1000);

  constructor(tables: RoutePlanTables, health: HealthBook | undefined, resolve: (model: unknown) => ModelRoute) {
    this.#tables = tables;
    this.#health = health;
    this.#resolve = resolve;
    this.#any = tables.virtual.size > 0 || tables.fixed.size > 0;
  }

  /** Whether a request for `model` (with the request's `fallbacks`) needs a plan; plain property reads and, when routes are configured, one lookup. */
  applies(model: unknown, fallbacks: unknown): boolean {
    if (fallbacks !== undefined) return true;
    if (!this.#any || typeof model !== 'string') return false;
    return this.#tables.virtual.has(model) || this.#tables.fixed.has(model);
  }

  /**
   * The plan of one request: a virtual model's targets, best first, then its
   * fallbacks; or the model, then its fallbacks. The request's `fallbacks`, when
   * given, replace the config's. Throws a caller error for a model or fallback
   * that cannot be routed.
   */
  plan(model: unknown, fallbacks: unknown): RoutePlan {
    const virtual = typeof model === 'string' ? this.#tables.virtual.get(model) : undefined;
    if (virtual !== undefined) {
      const tail = fallbacks === undefined ? virtual.fallbacks : this.#fallbacks(fallbacks);
      const targets = unique([...this.#order(virtual), ...tail]);
      if (targets.length === 0) throw errors.virtualTargetsUnavailable(virtual.name);
      return { targets, hedge: virtual.hedge };
    }
    const fixed = typeof model === 'string' ? this.#tables.fixed.get(model) : undefined;
    if (fixed !== undefined && fallbacks === undefined) return fixed;
    const primary = fixed?.targets[0] ?? this.#target(this.#resolve(model));
    return { targets: unique([primary, ...(fallbacks === undefined ? [] : this.#fallbacks(fallbacks))]), hedge: fixed?.hedge };
  }

  /** The stream timeouts of a provider, if it sets any. */
  streamTimeouts(runtime: ProviderRuntime): StreamTimeouts | undefined {
    return this.#tables.streamTimeouts.size === 0 ? undefined : this.#tables.streamTimeouts.get(runtime.name);
  }

  /** Whether `name` is a virtual model's alias. */
  isVirtual(name: string): boolean {
    return this.#tables.virtual.has(name);
  }

  /** The virtual models, as `GET /v1/models` lists them. */
  listVirtual(): ModelInfo[] {
    return [...this.#tables.virtual.keys()].map((id) => ({ id, object: 'model', created: this.#created, owned_by: 'switchyard' }));
  }

  /** A virtual model's targets, best first as the health book sees them; those it holds out (circuit open) are left out. */
  #order(virtual: VirtualModel): Target[] {
    const ordered: Target[] = [];
    const health = this.#health;
    if (health === undefined) return [...virtual.targets];
    for (let i = 0; i < virtual.targets.length; i++) {
      const picked = health.pick(virtual.targets, weightOf, virtual.strategy, ordered);
      if (picked === undefined || ordered.includes(picked)) break;
      ordered.push(picked);
    }
    return ordered;
  }

  /** A request's `fallbacks` (checked by `validateChatRequest`) as targets; a virtual model stands for its targets in order. */
  #fallbacks(value: unknown): Target[] {
    const names = value as readonly string[];
    const targets: Target[] = [];
    for (let i = 0; i < names.length; i++) {
      const virtual = this.#tables.virtual.get(names[i]);
      if (virtual !== undefined) {
        targets.push(...virtual.targets);
        continue;
      }
      try {
        targets.push(this.#target(this.#resolve(names[i])));
      } catch (error) {
        if (!isGatewayError(error)) throw error;
        throw errors.invalidRequest(`fallbacks[${i}]: ${error.message}`, 'fallbacks');
      }
    }
    return targets;
  }

  /** The target the config made for a route, or an untracked one. */
  #target(route: ModelRoute): Target {
    const label = `${route.runtime.name}/${route.model}`;
    return this.#tables.named.get(label) ?? { runtime: route.runtime, model: route.model, label, weight: 1, tracked: false };
  }
}

/** The request without its `fallbacks`, which no provider is sent. */
export function withoutFallbacks<T extends object>(request: T): T {
  if (!('fallbacks' in request)) return request;
  const { fallbacks: _fallbacks, ...rest } = request as T & { fallbacks?: unknown };
  return rest as T;
}

/** Targets without repeats (the same `provider/model` is tried once). */
export function unique(targets: readonly Target[]): Target[] {
  const kept: Target[] = [];
  for (const target of targets) if (!kept.some((other) => other.label === target.label)) kept.push(target);
  return kept;
}

const weightOf = (target: Target): number => target.weight;

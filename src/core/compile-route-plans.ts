import { ConfigError } from '../config/config-error.js';
import type { HedgeConfig, RoutingConfig } from '../config/routing-schema.js';
import { networkConfigSchema } from '../config/schema.js';
import { isGatewayError } from '../errors/index.js';
import type { HealthBook } from '../routing/health-book.js';
import type { Account } from './account.js';
import type { Routing } from './load-routing.js';
import { resolveModel } from './resolve-model.js';
import { type HedgePolicy, type RoutePlan, RoutePlans, type RoutePlanTables, type Target, unique, type VirtualModel } from './route-plan.js';
import { streamTimeoutsOf } from './stream-timeouts.js';

/**
 * Compiles the `routing` section into the tables requests are routed by, once,
 * at start: virtual models with their target objects, fixed plans for models
 * with fallbacks or hedging, and each provider's stream timeouts. A target that
 * names no configured provider is a `ConfigError`.
 */
export async function compileRoutePlans(routing: Routing, config: RoutingConfig, account: Account, health: HealthBook, source?: string): Promise<RoutePlans> {
  const problems: string[] = [];
  const resolve = (model: unknown) => resolveModel(model, routing.runtimes, routing.bareModels);
  const named = new Map<string, Target>();

  const target = (model: string, path: string, weight?: number): Target | undefined => {
    try {
      const route = resolve(model);
      const label = `${route.runtime.name}/${route.model}`;
      // A virtual model's targets are its own objects, so that each virtual model is balanced on its own.
      if (weight !== undefined) return { runtime: route.runtime, model: route.model, label, weight, tracked: true };
      let interned = named.get(label);
      if (interned === undefined) named.set(label, (interned = { runtime: route.runtime, model: route.model, label, weight: 1, tracked: true }));
      return interned;
    } catch (error) {
      if (!isGatewayError(error)) throw error;
      problems.push(`${path}: ${error.message}`);
      return undefined;
    }
  };
  const targets = (models: readonly string[], path: string): Target[] =>
    models.flatMap((model, i) => target(model, `${path}[${i}]`) ?? []);

  const virtual = new Map<string, VirtualModel>();
  for (const [name, model] of Object.entries(config.virtual_models)) {
    const path = `routing.virtual_models.${name}`;
    virtual.set(name, {
      name,
      targets: unique(model.targets.flatMap((entry, i) => target(entry.model, `${path}.targets[${i}].model`, entry.weight) ?? [])),
      strategy: model.strategy ?? config.strategy,
      fallbacks: targets(model.fallbacks, `${path}.fallbacks`),
      hedge: hedgePolicy(model.hedge),
    });
  }

  const fixed = new Map<string, RoutePlan>();
  for (const model of new Set([...Object.keys(config.fallbacks), ...Object.keys(config.hedge)])) {
    const path = config.fallbacks[model] ? `routing.fallbacks.${model}` : `routing.hedge.${model}`;
    if (virtual.has(model)) {
      problems.push(`${path}: '${model}' is a virtual model; set this in routing.virtual_models.${model}`);
      continue;
    }
    const primary = target(model, path);
    if (primary === undefined) continue;
    fixed.set(model, { targets: unique([primary, ...targets(config.fallbacks[model] ?? [], path)]), hedge: hedgePolicy(config.hedge[model]) });
  }
  if (problems.length > 0) throw new ConfigError(problems, source);

  const streamTimeouts: RoutePlanTables['streamTimeouts'] = new Map();
  for (const name of await account.getConfiguredProviders()) {
    const settings = await account.getConfigForProvider(name);
    const network = networkConfigSchema.safeParse(settings.network_config ?? {});
    const timeouts = network.success ? streamTimeoutsOf(network.data) : undefined;
    if (timeouts !== undefined) streamTimeouts.set(name.toLowerCase(), timeouts);
  }
  return new RoutePlans({ virtual, fixed, named, streamTimeouts }, health, resolve);
}

function hedgePolicy(config: HedgeConfig | undefined): HedgePolicy | undefined {
  return config === undefined ? undefined : Object.freeze({ afterMs: config.after_ms, minDelayMs: config.min_delay_ms });
}

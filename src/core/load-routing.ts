import type { ProviderAdapter } from '../providers/contract.js';
import type { Account } from './account.js';
import { buildProviderRuntimes, type ProviderRuntime, type RuntimeDefaults } from './provider-runtime.js';

/** What requests are routed by, built once at start: the runtimes, and bare model names by provider. */
export interface Routing {
  runtimes: Map<string, ProviderRuntime>;
  /** Model names that keys list by name → the first provider listing them. */
  bareModels: Map<string, string>;
}

/** Builds the routing of an account's providers; an unknown provider or bad setting is a `ConfigError`. */
export async function loadRouting(
  account: Account,
  findAdapter: (name: string, baseProviderType?: string) => ProviderAdapter | undefined,
  knownAdapters: readonly string[],
  source: string | undefined,
  defaults: RuntimeDefaults = {},
): Promise<Routing> {
  const runtimes = await buildProviderRuntimes(account, findAdapter, knownAdapters, source, defaults);
  const bareModels = new Map<string, string>();
  for (const runtime of runtimes.values()) {
    for (const key of await runtime.keys()) {
      for (const model of key.models) if (model !== '*' && !bareModels.has(model)) bareModels.set(model, runtime.name);
    }
  }
  return { runtimes, bareModels };
}

import { errors } from '../errors/index.js';
import type { ProviderRuntime } from './provider-runtime.js';
import type { RoutePlan } from './route-plan.js';

/** Where a request goes: the provider and the provider's own model name. */
export interface ModelRoute {
  runtime: ProviderRuntime;
  model: string;
  /**
   * The request's targets in order when it has more than one place to go (a
   * virtual model, fallbacks); `runtime` and `model` are then the first's.
   */
  plan?: RoutePlan;
}

/**
 * Reads `provider/model`. A bare model name is accepted when a configured key
 * lists it by name (`bareModels`, built at start).
 */
export function resolveModel(
  value: unknown,
  runtimes: ReadonlyMap<string, ProviderRuntime>,
  bareModels: ReadonlyMap<string, string>,
): ModelRoute {
  if (typeof value !== 'string' || value === '') {
    throw errors.invalidModel('model is required: a string of the form provider/model, for example "openai/gpt-4o-mini"');
  }
  const slash = value.indexOf('/');
  if (slash === -1) {
    const provider = bareModels.get(value);
    if (provider === undefined) {
      throw errors.invalidModel(`model '${value}' must name its provider, as provider/model (for example "openai/${value}"); GET /v1/models lists the models served`);
    }
    return { runtime: runtimes.get(provider)!, model: value };
  }
  const provider = value.slice(0, slash);
  const model = value.slice(slash + 1);
  if (provider === '' || model === '' || model.trim() !== model || provider.trim() !== provider) {
    throw errors.invalidModel(`model '${value}' is malformed; expected provider/model, for example "openai/gpt-4o-mini"`);
  }
  const runtime = runtimes.get(provider) ?? runtimes.get(provider.toLowerCase());
  if (runtime === undefined) {
    const owner = bareModels.get(value);
    if (owner !== undefined) return { runtime: runtimes.get(owner)!, model: value };
    throw errors.providerNotFound(provider);
  }
  return { runtime, model };
}

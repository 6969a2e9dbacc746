import type { AllowedProvider } from './compile-governance.js';

/** The model a request may use under a virtual key's allow-list, and which provider keys it may use. */
export interface AllowedChoice {
  /** The model to send: unchanged, or `provider/model` when a provider was chosen for a bare name. */
  model: string;
  /** Names of the provider keys allowed; `undefined`: any. */
  keyNames: readonly string[] | undefined;
}

/**
 * Applies a virtual key's `provider_configs` to a requested model. No configs: anything
 * goes. `provider/model`: allowed when that provider is listed and allows the model.
 * A bare name: a provider is picked by weight among the listed providers that allow it,
 * and the model becomes `provider/model`. `undefined`: not allowed.
 */
export function pickAllowedProvider(providers: readonly AllowedProvider[], requested: unknown, random: () => number): AllowedChoice | undefined {
  if (providers.length === 0) return { model: String(requested), keyNames: undefined };
  if (typeof requested !== 'string' || requested === '') return undefined;
  const slash = requested.indexOf('/');
  if (slash > 0) {
    const provider = requested.slice(0, slash);
    const model = requested.slice(slash + 1);
    const entry = providers.find((candidate) => candidate.provider === provider && allows(candidate, model));
    return entry === undefined ? undefined : { model: requested, keyNames: entry.keyNames };
  }
  const candidates = providers.filter((candidate) => allows(candidate, requested));
  const entry = pickByWeight(candidates, random);
  return entry === undefined ? undefined : { model: `${entry.provider}/${requested}`, keyNames: entry.keyNames };
}

function allows(entry: AllowedProvider, model: string): boolean {
  return entry.models === undefined || entry.models.has(model) || entry.models.has(`${entry.provider}/${model}`);
}

function pickByWeight(candidates: readonly AllowedProvider[], random: () => number): AllowedProvider | undefined {
  if (candidates.length <= 1) return candidates[0];
  const total = candidates.reduce((sum, candidate) => sum + candidate.weight, 0);
  if (total <= 0) return candidates[0];
  let point = random() * total;
  for (const candidate of candidates) {
    point -= candidate.weight;
    if (point < 0) return candidate;
  }
  return candidates[candidates.length - 1];
}

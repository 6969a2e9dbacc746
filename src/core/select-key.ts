import type { ProviderKey } from '../providers/contract.js';

const candidatesByKeys = new WeakMap<readonly ProviderKey[], Map<string, ProviderKey[]>>();

/**
 * The keys that serve `model`: those listing it, and those with no list (`[]` or
 * `["*"]`). Memoized per keys array, so a static config pays the filter once per model.
 */
export function keysForModel(keys: readonly ProviderKey[], model: string): ProviderKey[] {
  let byModel = candidatesByKeys.get(keys);
  let candidates = byModel?.get(model);
  if (candidates) return candidates;
  candidates = keys.filter((key) => key.models.length === 0 || key.models.includes('*') || key.models.includes(model));
  if (!byModel) candidatesByKeys.set(keys, (byModel = new Map()));
  if (byModel.size < 10_000) byModel.set(model, candidates);
  return candidates;
}

/** Picks a key at random in proportion to `weight`; keys of weight 0 only when all are 0. */
export function pickWeighted(keys: readonly ProviderKey[], random: () => number = Math.random): ProviderKey {
  if (keys.length === 1) return keys[0];
  let total = 0;
  for (const key of keys) total += key.weight;
  if (total <= 0) return keys[Math.floor(random() * keys.length)];
  let point = random() * total;
  for (const key of keys) {
    point -= key.weight;
    if (point < 0) return key;
  }
  return keys[keys.length - 1];
}

import type { ProviderAdapter, ProviderKey } from '../providers/contract.js';
import { keysForModel } from './select-key.js';

const noSettings: ProviderKey = Object.freeze({ value: '', models: [], weight: 1 });

/**
 * The one key a request with a caller's direct key uses: the caller's value with the
 * provider settings (endpoint, region, deployments) of the first configured key that
 * serves `model` (or of the first key), never that key's credentials. It serves any
 * model, and there is no other key to turn to.
 */
export function toDirectKey(adapter: ProviderAdapter, keys: readonly ProviderKey[], model: string, value: string): ProviderKey {
  const template = keysForModel(keys, model)[0] ?? keys[0] ?? noSettings;
  const key = adapter.directKey ? adapter.directKey(value, template) : { ...template, value };
  return { ...key, id: undefined, name: 'direct', value, models: [], weight: 1 };
}

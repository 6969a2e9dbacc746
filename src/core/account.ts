import type { z } from 'zod';
import type { Config, providerSchema } from '../config/schema.js';
import type { ProviderKey } from '../providers/contract.js';

/**
 * Provider settings as `config.json` writes them under `providers.<name>` (without `keys`):
 * the schema's input, so omitted fields take their defaults.
 */
export type AccountProviderConfig = Omit<z.input<typeof providerSchema>, 'keys'> & Record<string, unknown>;

/**
 * Where the gateway gets providers and keys from; the shape of Bifrost's `Account`.
 * Implement it to take keys from a secret manager: `getKeysForProvider` is asked
 * on every request, so rotated keys apply at once.
 */
export interface Account {
  getConfiguredProviders(): Promise<string[]>;
  getKeysForProvider(provider: string): Promise<ProviderKey[]>;
  getConfigForProvider(provider: string): Promise<AccountProviderConfig>;
}

const fixedKeys = new WeakMap<Account, (provider: string) => readonly ProviderKey[]>();

/** The keys of an account whose keys never change (a config's), without a promise; `undefined` for other accounts. */
export function staticKeys(account: Account, provider: string): readonly ProviderKey[] | undefined {
  return fixedKeys.get(account)?.(provider);
}

/** The account of a validated config: keys and settings straight from it. */
export function createConfigAccount(config: Config): Account {
  const providers = Object.keys(config.providers);
  const account: Account = {
    getConfiguredProviders: async () => providers,
    getKeysForProvider: async (provider) => config.providers[provider]?.keys ?? [],
    getConfigForProvider: async (provider) => {
      const { keys: _keys, ...settings } = config.providers[provider] ?? { keys: [] };
      return settings;
    },
  };
  fixedKeys.set(account, (provider) => config.providers[provider]?.keys ?? []);
  return account;
}

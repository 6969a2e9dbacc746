import { ConfigError } from '../config/config-error.js';
import { providerSchema } from '../config/schema.js';
import { describeIssue } from '../config/describe-issue.js';
import type { ProviderAdapter, ProviderKey, ProviderSettings } from '../providers/contract.js';
import { type Account, staticKeys } from './account.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { BalanceStrategy } from '../routing/health-book.js';
import type { RetryPolicy } from './retry-delay.js';

/** One configured provider, compiled at start: adapter, settings, retry policy and limiter. */
export interface ProviderRuntime {
  readonly name: string;
  readonly adapter: ProviderAdapter;
  readonly settings: ProviderSettings;
  readonly retry: RetryPolicy;
  readonly limiter: ConcurrencyLimiter | undefined;
  /** How traffic is spread over the provider's keys. */
  readonly strategy: BalanceStrategy;
  /** The provider's keys: asked of the account on each request, or the config's own list (no promise). */
  keys(): readonly ProviderKey[] | Promise<readonly ProviderKey[]>;
}

/** Gateway-wide settings that shape every provider's runtime. */
export interface RuntimeDefaults {
  /** `client.drop_excess_requests`: refuse a request that finds a provider's queue full, instead of letting it wait. */
  dropExcessRequests?: boolean;
  /** `routing.strategy`: how keys share traffic when the provider sets no `key_selection`; `adaptive` by default. */
  strategy?: BalanceStrategy;
}

const keylessKey: readonly ProviderKey[] = Object.freeze([{ name: 'default', value: '', models: [], weight: 1 }]);

/**
 * Builds the runtime of every provider the account lists; an unknown provider is a `ConfigError`.
 * A provider's keys share traffic by its `key_selection`, or else by `defaults.strategy` (`routing.strategy`).
 */
export async function buildProviderRuntimes(
  account: Account,
  findAdapter: (name: string, baseProviderType?: string) => ProviderAdapter | undefined,
  knownAdapters: readonly string[],
  source?: string,
  defaults: RuntimeDefaults = {},
): Promise<Map<string, ProviderRuntime>> {
  const runtimes = new Map<string, ProviderRuntime>();
  const problems: string[] = [];
  for (const rawName of await account.getConfiguredProviders()) {
    const name = rawName.toLowerCase();
    const config = await account.getConfigForProvider(rawName);
    const parsed = providerSchema.omit({ keys: true }).safeParse(config);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `providers.${name}.${describeIssue(issue, config)}`));
      continue;
    }
    const settings = parsed.data;
    const baseType = settings.custom_provider_config?.base_provider_type;
    const adapter = findAdapter(name, baseType);
    if (!adapter) {
      problems.push(
        baseType
          ? `providers.${name}.custom_provider_config.base_provider_type: unknown provider type '${baseType}'; use one of ${knownAdapters.join(', ')}`
          : `providers.${name}: unknown provider; use one of ${knownAdapters.join(', ')}, or declare custom_provider_config.base_provider_type with a base_url`,
      );
      continue;
    }
    if (baseType && !settings.network_config.base_url) {
      problems.push(`providers.${name}.network_config.base_url: required for a custom provider`);
      continue;
    }
    const network = settings.network_config;
    const timeoutMs = network.default_request_timeout_in_seconds * 1000;
    const { concurrency, buffer_size: bufferSize } = settings.concurrency_and_buffer_size;
    runtimes.set(name, {
      name,
      adapter,
      settings: Object.freeze({
        provider: name,
        baseUrl: (network.base_url ?? adapter.defaultBaseUrl).replace(/\/+$/, ''),
        customBaseUrl: network.base_url !== undefined,
        extraHeaders: Object.freeze(Object.fromEntries(Object.entries(network.extra_headers).map(([name, value]) => [name.toLowerCase(), value]))),
        timeoutMs,
      }),
      retry: {
        maxRetries: network.max_retries,
        initialBackoffMs: network.retry_backoff_initial,
        maxBackoffMs: network.retry_backoff_max,
        maxWaitMs: timeoutMs,
      },
      strategy: settings.key_selection ?? defaults.strategy ?? 'adaptive',
      limiter:
        concurrency > 0
          ? new ConcurrencyLimiter(name, { concurrency, bufferSize, dropExcess: defaults.dropExcessRequests === true, maxWaitMs: timeoutMs })
          : undefined,
      keys: keysOf(account, rawName, adapter.requiresKey),
    });
  }
  if (problems.length > 0) throw new ConfigError(problems, source);
  return runtimes;
}

/** How a runtime gets its keys. A provider that needs no key still works with none configured. */
function keysOf(account: Account, provider: string, requiresKey: boolean): ProviderRuntime['keys'] {
  const fixed = staticKeys(account, provider);
  if (fixed !== undefined) {
    const keys = fixed.length > 0 || requiresKey ? fixed : keylessKey;
    return () => keys;
  }
  if (requiresKey) return () => account.getKeysForProvider(provider);
  return async () => {
    const keys = await account.getKeysForProvider(provider);
    return keys.length > 0 ? keys : keylessKey;
  };
}

/** Problems with a config's keys that would make every request to a provider fail. */
export function checkKeys(provider: string, adapter: ProviderAdapter, keys: readonly ProviderKey[], customBaseUrl = false): string[] {
  const checkKey = adapter.checkKey;
  const settingsProblems = checkKey
    ? keys.flatMap((key, index) => checkKey(key, { customBaseUrl }).map((problem) => `providers.${provider}.keys[${index}].${problem}`))
    : [];
  if (!adapter.requiresKey) return settingsProblems;
  if (keys.length === 0) return [`providers.${provider}.keys: no keys; add at least one key with a value (for example "env.${adapter.envKey ?? 'API_KEY'}")`];
  const valueProblems = keys.flatMap((key, index) => (key.value === '' ? [`providers.${provider}.keys[${index}].value: required; set the key or an env.NAME reference`] : []));
  return [...settingsProblems, ...valueProblems];
}

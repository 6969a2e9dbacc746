import type { ConfigInput } from './schema.js';

/** A provider that is enabled without a config file when its key variable is set. */
export interface AutoProvider {
  name: string;
  /** Environment variable holding the provider's API key, e.g. `OPENAI_API_KEY`. */
  envKey: string;
}

/**
 * The configuration used when no config file is given: the built-in `mock`
 * provider, plus every provider whose usual key variable is set.
 */
export function defaultConfig(autoProviders: readonly AutoProvider[], env: Readonly<Record<string, string | undefined>>): ConfigInput {
  const providers: NonNullable<ConfigInput['providers']> = { mock: { keys: [] } };
  for (const { name, envKey } of autoProviders) {
    if (env[envKey]) providers[name] = { keys: [{ name: `${name}-env`, value: `env.${envKey}`, models: [], weight: 1 }] };
  }
  return { providers };
}

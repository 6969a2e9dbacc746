import { describe, expect, it } from 'vitest';
import { autoProviders } from '../providers/registry.js';
import { defaultConfig } from './default-config.js';
import { parseConfig } from './parse-config.js';

describe('defaultConfig', () => {
  it('enables only the mock provider when no key variable is set', () => {
    expect(defaultConfig(autoProviders, {})).toEqual({ providers: { mock: { keys: [] } } });
  });

  it('enables openai with an env reference when OPENAI_API_KEY is set', () => {
    const config = defaultConfig(autoProviders, { OPENAI_API_KEY: 'sk-test' });
    expect(Object.keys(config.providers ?? {}).sort()).toEqual(['mock', 'openai']);
    expect(config.providers?.openai).toEqual({ keys: [{ name: 'openai-env', value: 'env.OPENAI_API_KEY', models: [], weight: 1 }] });
  });

  it('leaves openai out when OPENAI_API_KEY is set to the empty string', () => {
    expect(Object.keys(defaultConfig(autoProviders, { OPENAI_API_KEY: '' }).providers ?? {})).toEqual(['mock']);
  });

  it('never copies the key value into the config, so it is resolved (and kept out of logs) at load time', () => {
    const config = defaultConfig(autoProviders, { OPENAI_API_KEY: 'sk-secret' });
    expect(JSON.stringify(config)).not.toContain('sk-secret');
    const { config: parsed, warnings } = parseConfig(config, { env: { OPENAI_API_KEY: 'sk-secret' } });
    expect(parsed.providers.openai.keys[0].value).toBe('sk-secret');
    expect(warnings).toEqual([]);
  });

  it('enables every auto provider whose variable is set', () => {
    const config = defaultConfig(
      [
        { name: 'alpha', envKey: 'ALPHA_KEY' },
        { name: 'beta', envKey: 'BETA_KEY' },
      ],
      { BETA_KEY: 'b' },
    );
    expect(Object.keys(config.providers ?? {}).sort()).toEqual(['beta', 'mock']);
  });
});

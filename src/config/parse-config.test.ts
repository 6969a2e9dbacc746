import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

/** Runs `parseConfig` expecting a `ConfigError`, and returns its problems. */
function problemsOf(raw: unknown, env: Record<string, string | undefined> = {}): readonly string[] {
  try {
    parseConfig(raw, { env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('accepts the current form and keeps the keys as written', () => {
    const { config, warnings } = parseConfig(
      {
        providers: {
          openai: {
            keys: [{ name: 'main', value: 'sk-test', models: ['gpt-4o-mini'], weight: 2 }],
            network_config: { base_url: 'http://127.0.0.1:9000', max_retries: 2 },
          },
        },
        client: { allowed_origins: ['*'] },
      },
      { env: {} },
    );
    expect(warnings).toEqual([]);
    expect(config.providers.openai.keys).toEqual([{ name: 'main', value: 'sk-test', models: ['gpt-4o-mini'], weight: 2 }]);
    expect(config.providers.openai.network_config.base_url).toBe('http://127.0.0.1:9000');
    expect(config.providers.openai.network_config.max_retries).toBe(2);
    expect(config.client.allowed_origins).toEqual(['*']);
  });

  it("keeps a key's aliases and provider settings for its adapter", () => {
    const key = { value: 'az-key', aliases: { 'gpt-4o': 'prod-gpt4o' }, azure_key_config: { endpoint: 'https://example.openai.azure.com' } };
    const { config, warnings } = parseConfig({ providers: { azure: { keys: [key] } } }, { env: {} });
    expect(warnings).toEqual([]);
    expect(config.providers.azure.keys[0]).toMatchObject(key);
  });

  it('applies the documented defaults to every section left out', () => {
    const { config } = parseConfig({ providers: { openai: { keys: [{ value: 'sk-test' }] } } }, { env: {} });
    const provider = config.providers.openai;
    expect(provider.keys[0]).toEqual({ value: 'sk-test', models: [], weight: 1 });
    expect(provider.network_config).toEqual({
      extra_headers: {},
      default_request_timeout_in_seconds: 30,
      max_retries: 0,
      retry_backoff_initial: 500,
      retry_backoff_max: 5000,
    });
    expect(provider.concurrency_and_buffer_size).toEqual({ concurrency: 0, buffer_size: 5000 });
    expect(config.client.max_request_body_size_mb).toBe(100);
    expect(config.plugins).toEqual([]);
  });

  it('accepts an empty object as a config with no providers', () => {
    const { config, warnings } = parseConfig({}, { env: {} });
    expect(config.providers).toEqual({});
    expect(config.client.max_request_body_size_mb).toBe(100);
    expect(warnings).toEqual([]);
  });

  it('lower-cases provider names in the current form', () => {
    const { config } = parseConfig({ providers: { OpenAI: { keys: [{ value: 'sk-test' }] } } }, { env: {} });
    expect(Object.keys(config.providers)).toEqual(['openai']);
  });

  it('reads the legacy flat form with provider names at the top level, in any case', () => {
    const { config, warnings } = parseConfig(
      { OpenAI: { keys: [{ value: 'sk-test', models: [], weight: 1 }] }, MOCK: { keys: [] }, client: { max_request_body_size_mb: 5 } },
      { env: {} },
    );
    expect(warnings).toEqual([]);
    expect(Object.keys(config.providers).sort()).toEqual(['mock', 'openai']);
    expect(config.providers.openai.keys[0].value).toBe('sk-test');
    expect(config.client.max_request_body_size_mb).toBe(5);
  });

  it('warns when the legacy form names one provider twice in different cases, and keeps the last', () => {
    const { config, warnings } = parseConfig({ OpenAI: { keys: [{ value: 'first' }] }, openai: { keys: [{ value: 'second' }] } }, { env: {} });
    expect(config.providers.openai.keys[0].value).toBe('second');
    expect(warnings).toEqual(["providers.openai: provider 'openai' is configured more than once; the last one wins"]);
  });

  it('resolves env.NAME references from the given environment', () => {
    const { config } = parseConfig(
      { providers: { openai: { keys: [{ value: 'env.OPENAI_API_KEY' }], network_config: { extra_headers: { 'x-org': 'env.ORG' } } } } },
      { env: { OPENAI_API_KEY: 'sk-from-env', ORG: 'org-1' } },
    );
    expect(config.providers.openai.keys[0].value).toBe('sk-from-env');
    expect(config.providers.openai.network_config.extra_headers).toEqual({ 'x-org': 'org-1' });
  });

  it('rejects an unset variable, naming the variable and the path that refers to it', () => {
    const problems = problemsOf({ providers: { openai: { keys: [{ value: 'env.MISSING_KEY' }] } } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^providers\.openai\.keys\[0\]\.value: /);
    expect(problems[0]).toContain('MISSING_KEY');
  });

  it('treats a variable set to the empty string as unset', () => {
    const problems = problemsOf({ providers: { openai: { keys: [{ value: 'env.EMPTY' }] } } }, { EMPTY: '' });
    expect(problems[0]).toMatch(/^providers\.openai\.keys\[0\]\.value: .*EMPTY/);
  });

  it('names the path of an unset variable in the legacy form as in the current form', () => {
    const problems = problemsOf({ OpenAI: { keys: [{ value: 'env.MISSING_KEY' }] } });
    expect(problems[0]).toMatch(/^providers\.openai\.keys\[0\]\.value: .*MISSING_KEY/);
  });

  it('reports a value of the wrong type with its path, what was expected and what was given', () => {
    const problems = problemsOf({ providers: { openai: { keys: [{ value: 'sk-test', weight: 'high' }] } } });
    expect(problems).toEqual(['providers.openai.keys[0].weight: expected a number, got "high"']);
  });

  it('reports a missing required field as required', () => {
    const problems = problemsOf({ providers: {}, plugins: [{ enabled: true }] });
    expect(problems).toEqual(['plugins[0].name: required, expected a string']);
  });

  it('reports a section of the wrong type as expecting an object', () => {
    expect(problemsOf({ providers: [] })).toEqual(['providers: expected an object, got an array']);
  });

  it('reports a value out of range and a URL of the wrong scheme', () => {
    const problems = problemsOf({ providers: { openai: { network_config: { base_url: 'ftp://example.com', max_retries: 20 } } } });
    expect(problems).toEqual([
      'providers.openai.network_config.base_url: expected an http(s) URL such as "http://127.0.0.1:9000", got "ftp://example.com"',
      'providers.openai.network_config.max_retries: expected a value <=10, got 20',
    ]);
  });

  it('lists every problem at once rather than stopping at the first', () => {
    const problems = problemsOf({
      providers: { openai: { keys: [{ value: 'env.NOPE', weight: 'high' }], network_config: { max_retries: -1 } } },
    });
    expect(problems).toHaveLength(3);
  });

  it('rejects a root that is not a JSON object', () => {
    for (const raw of [null, [], 'config', 42]) expect(problemsOf(raw)).toEqual(['(root): expected a JSON object']);
  });

  it('names the source in the error message', () => {
    expect(() => parseConfig({ providers: [] }, { env: {}, source: '/etc/switchyard/config.json' })).toThrow(
      /^\/etc\/switchyard\/config\.json is invalid:\n {2}- providers: /,
    );
  });

  it('returns unknown keys as warnings with their path and never rejects them', () => {
    const { config, warnings } = parseConfig(
      {
        providers: { openai: { keys: [{ value: 'sk-test', wieght: 2 }], network_config: { timeout: 5 } } },
        client: { max_body_mb: 1 },
        plugins: [{ name: 'logging', confg: {} }],
        extra_section: true,
      },
      { env: {} },
    );
    expect(warnings.filter((warning) => warning.includes('unknown key')).sort()).toEqual(
      [
        'extra_section: unknown key, ignored (check its spelling against docs/configuration.md)',
        'client.max_body_mb: unknown key, ignored (check its spelling against docs/configuration.md)',
        'providers.openai.keys[0].wieght: unknown key, ignored (check its spelling against docs/configuration.md)',
        'providers.openai.network_config.timeout: unknown key, ignored (check its spelling against docs/configuration.md)',
        'plugins[0].confg: unknown key, ignored (check its spelling against docs/configuration.md)',
      ].sort(),
    );
    expect(config.providers.openai.keys[0].weight).toBe(1);
  });

  it('does not report unknown keys inside sections that take any settings', () => {
    const { warnings } = parseConfig(
      {
        providers: { azure: { keys: [{ value: 'k', azure_key_config: { endpoint: 'https://x', api_version: '2024-10-21' } }] } },
        governance: { budgets: [] },
      },
      { env: {} },
    );
    expect(warnings.filter((warning) => warning.includes('unknown key'))).toEqual([]);
  });
});

describe('parseConfig and settings not implemented yet', () => {
  it('accepts them and warns once per setting present, naming its path', () => {
    const { warnings } = parseConfig(
      { providers: { mock: { keys: [], proxy_config: { type: 'http' } } }, mcp: { client_configs: [] }, client: { initial_pool_size: 10 } },
      { env: {} },
    );
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('mcp: accepted for compatibility but not implemented'),
        expect.stringContaining('client.initial_pool_size: accepted'),
        expect.stringContaining('providers.mock.proxy_config: accepted'),
      ]),
    );
    expect(warnings).toHaveLength(3);
  });

  it('does not warn about defaults left as they are', () => {
    expect(parseConfig({ providers: { mock: { keys: [] } }, client: { drop_excess_requests: false, prometheus_labels: [] } }, { env: {} }).warnings).toEqual([]);
  });
});

describe('parseConfig and plugins', () => {
  it('warns that an enabled plugin is not built in, and keeps it in the config', () => {
    const { config, warnings } = parseConfig({ providers: { mock: { keys: [] } }, plugins: [{ name: 'governance_x', enabled: true, config: {} }, { name: 'off', enabled: false }] }, { env: {} });
    expect(config.plugins.map((plugin) => plugin.name)).toEqual(['governance_x', 'off']);
    expect(warnings).toEqual(['plugins[0] (governance_x): no built-in plugin of this name in this version; it is not loaded']);
  });

  it('loads semantic_cache without a warning, and checks its config', () => {
    expect(parseConfig({ providers: { mock: { keys: [] } }, plugins: [{ name: 'semantic_cache', enabled: true, config: {} }] }, { env: {} }).warnings).toEqual([]);
    const problems = (config: unknown) => problemsOf({ providers: { mock: { keys: [] } }, plugins: [{ name: 'semantic_cache', enabled: true, config }] });
    expect(problems({ threshold: 2 })[0]).toMatch(/^plugins\[0\]\.config\.threshold: /);
    expect(problems({ ttl: 'soon' })[0]).toMatch(/^plugins\[0\]\.config\.ttl: /);
    expect(problems({ mode: 'semantic' })).toEqual(['plugins[0].config: mode "semantic" needs provider and embedding_model']);
    expect(problems({ provider: 'openai', embedding_model: 'text-embedding-3-small' })).toEqual(['plugins[0].config: provider "openai" is not configured (configured: mock)']);
    expect(problems({ provider: 'mock' })).toEqual(['plugins[0].config: provider and embedding_model go together: set both for semantic matching, or neither']);
  });
});

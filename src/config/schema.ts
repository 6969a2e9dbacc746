import { z } from 'zod';
import { vectorStoreSchema } from './cache-schema.js';
import { logsStoreSchema, postgresConfigSchema } from './logs-store-schema.js';
import { governanceSchema } from './governance-schema.js';
import { routingSchema, strategySchema } from './routing-schema.js';

/**
 * The configuration schema: Bifrost's `config.json` (current form). The legacy flat
 * form is rewritten into this one before validation (see `normalize-config.ts`).
 * Every key is documented in `docs/configuration.md`.
 */

const nonNegative = z.number().min(0);

/** One provider key. `value` may be `env.NAME`, resolved at load time. */
export const keySchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  value: z.string().default(''),
  /** Models this key serves; `[]` or `["*"]` means all. */
  models: z.array(z.string()).default([]),
  weight: nonNegative.default(1),
  /** Requests per minute the provider allows this key; traffic is steered away before it is reached. */
  rpm: z.number().positive().optional(),
  /** Tokens per minute the provider allows this key; traffic is steered away before it is reached. */
  tpm: z.number().positive().optional(),
  /** Model name → the provider's own name for it (an Azure deployment, a Bedrock model id or inference profile). */
  aliases: z.record(z.string(), z.string()).optional(),
  /** Provider-specific key settings, used by the provider adapters that need them. */
  azure_key_config: z.looseObject({}).optional(),
  vertex_key_config: z.looseObject({}).optional(),
  bedrock_key_config: z.looseObject({}).optional(),
  ollama_key_config: z.looseObject({}).optional(),
  vllm_key_config: z.looseObject({}).optional(),
  sgl_key_config: z.looseObject({}).optional(),
  mock_key_config: z
    .object({
      latency_ms: z.number().min(0).optional(),
      stream_chunk_delay_ms: z.number().min(0).optional(),
      dimensions: z.number().int().min(1).max(8192).optional(),
    })
    .optional(),
});

export const networkConfigSchema = z.object({
  /** The provider's origin without `/v1`; the provider's public API when absent. */
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  extra_headers: z.record(z.string(), z.string()).default({}),
  default_request_timeout_in_seconds: z.number().positive().default(30),
  /** Seconds a stream may take to send its first chunk before the attempt fails (and falls back); the request timeout when absent. */
  stream_first_chunk_timeout_in_seconds: z.number().positive().optional(),
  /** Seconds a stream may stay silent between chunks once it began; the request timeout when absent. */
  stream_idle_timeout_in_seconds: z.number().positive().optional(),
  max_retries: z.number().int().min(0).max(10).default(0),
  /** Milliseconds. */
  retry_backoff_initial: nonNegative.default(500),
  /** Milliseconds. */
  retry_backoff_max: nonNegative.default(5000),
});

export const concurrencySchema = z.object({
  /** Upstream requests in flight for this provider at once; 0 means no limit. */
  concurrency: z.number().int().min(0).default(0),
  /** Requests that may wait for a free slot once `concurrency` is reached. */
  buffer_size: z.number().int().min(0).default(5000),
});

export const providerSchema = z.object({
  keys: z.array(keySchema).default([]),
  network_config: networkConfigSchema.prefault({}),
  concurrency_and_buffer_size: concurrencySchema.prefault({}),
  /** Accepted for compatibility; outbound proxies are not implemented yet. */
  proxy_config: z.looseObject({}).optional(),
  send_back_raw_response: z.boolean().default(false),
  /** How the provider's keys share traffic; `routing.strategy` when absent. */
  key_selection: strategySchema.optional(),
  /** A provider of another name that speaks a known wire format. */
  custom_provider_config: z
    .object({
      base_provider_type: z.string(),
      allowed_requests: z.record(z.string(), z.boolean()).optional(),
      request_path_overrides: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

// A header name (RFC 9110 token), optionally ending in `*` to match a prefix; `*` alone matches every name.
const headerPattern = z.string().regex(/^(?:[!#$%&'+\-.^_`|~0-9a-z]+\*?|\*)$/i, 'expected a header name, or a prefix ending in * (for example "x-portkey-*")');

/** `client.header_filter_config`: caller headers forwarded upstream (see `src/core/header-filter.ts`). */
export const headerFilterConfigSchema = z.object({
  /** Names forwarded (case-insensitive; a trailing `*` matches a prefix); nothing is forwarded without it. */
  allowlist: z.array(headerPattern).optional(),
  /** Names never forwarded, with the same patterns; wins over `allowlist`. */
  denylist: z.array(headerPattern).optional(),
});

export const clientSchema = z.object({
  max_request_body_size_mb: z.number().positive().default(100),
  /** CORS: origins allowed to call the gateway from a browser; `*` allows all. */
  allowed_origins: z.array(z.string()).default([]),
  /** Seconds in-flight requests get to finish on shutdown. */
  shutdown_timeout_seconds: z.number().min(0).default(30),
  drop_excess_requests: z.boolean().default(false),
  initial_pool_size: z.number().int().min(0).optional(),
  enable_logging: z.boolean().default(true),
  disable_content_logging: z.boolean().default(false),
  enforce_governance_header: z.boolean().optional(),
  enforce_auth_on_inference: z.boolean().optional(),
  /**
   * Use a provider key the caller sends in its API's credential header instead of the
   * configured keys. Only for trusted networks: the caller's key is the only one tried.
   */
  allow_direct_keys: z.boolean().default(false),
  /** Which caller headers are forwarded to providers. */
  header_filter_config: headerFilterConfigSchema.optional(),
  prometheus_labels: z.array(z.string()).default([]),
  log_retention_days: z.number().optional(),
  /**
   * The key the management API (`/api/governance/...`) requires, as `Authorization: Bearer`
   * or `x-admin-key`; `env.NAME` works. Absent: the `SWITCHYARD_ADMIN_KEY` environment variable; neither: the API is off.
   */
  admin_key: z.string().min(1).optional(),
});

/**
 * `config_store`: where governance entities persist (docs/governance.md, Persistence).
 * Bifrost's shape: `{ "enabled": true, "type": "sqlite" | "postgres", "config": {...} }`;
 * SQLite's default path is `<app-dir>/config.db`.
 */
export const configStoreSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sqlite'), enabled: z.boolean().default(true), config: z.object({ path: z.string().min(1).optional() }).default({}) }),
  z.object({ type: z.literal('postgres'), enabled: z.boolean().default(true), config: postgresConfigSchema }),
]);
export type ConfigStoreConfig = z.output<typeof configStoreSchema>;

export const pluginConfigSchema = z.object({
  name: z.string(),
  enabled: z.boolean().default(true),
  config: z.unknown().optional(),
  version: z.union([z.number(), z.string()]).optional(),
});

/** One model's prices in US dollars per million tokens (`pricing` section), over the bundled table's. */
export const priceSchema = z.object({
  input: nonNegative,
  output: nonNegative,
  cached_input: nonNegative.optional(),
  cache_write: nonNegative.optional(),
  reasoning: nonNegative.optional(),
});

/** OpenTelemetry traces over OTLP/HTTP (docs/observability.md, Traces). */
export const tracingSchema = z.object({
  enabled: z.boolean().default(false),
  /** The OTLP/HTTP traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  endpoint: z.url().default('http://127.0.0.1:4318/v1/traces'),
  headers: z.record(z.string(), z.string()).optional(),
  service_name: z.string().min(1).optional(),
  /** Share of new traces kept, 0 to 1; a caller's `traceparent` decision is followed. */
  sample_ratio: z.number().min(0).max(1).optional(),
});

export const configSchema = z.object({
  $schema: z.string().optional(),
  client: clientSchema.prefault({}),
  providers: z.record(z.string(), providerSchema).default({}),
  plugins: z.array(pluginConfigSchema).default([]),
  routing: routingSchema.prefault({}),
  /** `"<provider>/<model>"` → its prices, overriding or extending the bundled price table (docs/observability.md, Cost). */
  pricing: z.record(z.string(), priceSchema).default({}),
  tracing: tracingSchema.optional(),
  /** Sections of later features; accepted and kept, reported when not yet implemented. */
  /** Virtual keys, budgets and rate limits (docs/governance.md). */
  governance: governanceSchema.optional(),
  /** Where governance entities persist; absent: SQLite under the app directory when the gateway has one. */
  config_store: z.preprocess((value) => (typeof value === 'object' && value !== null && !('type' in value) ? { ...value, type: 'sqlite' } : value), configStoreSchema).optional(),
  /** Where request logs go; absent: SQLite under the app directory when the gateway has one (the CLI does). */
  logs_store: z.preprocess((value) => (typeof value === 'object' && value !== null && !('type' in value) ? { ...value, type: 'sqlite' } : value), logsStoreSchema).optional(),
  /** Where the response cache keeps entries (docs/caching.md); absent: embedded. */
  vector_store: vectorStoreSchema.optional(),
  mcp: z.looseObject({}).optional(),
  auth_config: z.looseObject({}).optional(),
  framework: z.looseObject({}).optional(),
  encryption_key: z.string().optional(),
});

/** Configuration as written (defaults not yet applied). */
export type ConfigInput = z.input<typeof configSchema>;
/** Validated configuration with every default applied. */
export type Config = z.output<typeof configSchema>;
export type ProviderConfig = z.output<typeof providerSchema>;
export type KeyConfig = z.output<typeof keySchema>;
export type NetworkConfig = z.output<typeof networkConfigSchema>;
export type ClientConfig = z.output<typeof clientSchema>;
export type PluginConfig = z.output<typeof pluginConfigSchema>;

/**
 * Settings the schema accepts (so Bifrost configs load) but this version does not
 * act on yet; each one present is reported as a warning at start.
 */
export const notYetImplemented: readonly string[] = [
  'mcp',
  'auth_config',
  'framework',
  'encryption_key',
  'client.initial_pool_size',
  'client.enforce_governance_header',
  'providers.*.proxy_config',
  'providers.*.send_back_raw_response',
  'providers.*.custom_provider_config.allowed_requests',
  'providers.*.custom_provider_config.request_path_overrides',
];

/** Top-level sections of the current form; anything else at the top level means the legacy form. */
export const topLevelSections: ReadonlySet<string> = new Set(Object.keys(configSchema.shape));

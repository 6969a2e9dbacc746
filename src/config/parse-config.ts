import { ConfigError } from './config-error.js';
import { describeIssue } from './describe-issue.js';
import { findUnknownKeys } from './find-unknown-keys.js';
import { normalizeConfig } from './normalize-config.js';
import { resolveEnvReferences } from './resolve-env-references.js';
import { type Config, configSchema, notYetImplemented } from './schema.js';
import { builtInPluginConfigs } from '../plugins/built-in-plugin-configs.js';
import type { SemanticCacheConfig } from './cache-schema.js';

/** A validated configuration and what was noticed but accepted. */
export interface ParsedConfig {
  config: Config;
  warnings: string[];
}

/**
 * Validates a raw config object (either Bifrost form), resolving `env.NAME`
 * references. Throws a `ConfigError` listing every problem with its path.
 */
export function parseConfig(
  raw: unknown,
  options: { env?: Readonly<Record<string, string | undefined>>; source?: string } = {},
): ParsedConfig {
  const source = options.source ?? 'config';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(['(root): expected a JSON object'], source);
  }
  const normalized = normalizeConfig(raw as Record<string, unknown>);
  const resolved = resolveEnvReferences(normalized.value, options.env ?? process.env);
  const result = configSchema.safeParse(resolved.value);
  const problems = [...resolved.problems];
  if (!result.success) problems.push(...result.error.issues.map((issue) => describeIssue(issue, resolved.value)));
  if (problems.length > 0) throw new ConfigError(problems, source);

  const warnings = [...normalized.warnings, ...findUnknownKeys(configSchema, resolved.value), ...findNotYetImplemented(resolved.value)];
  const config = result.data!;
  config.plugins.forEach((plugin, index) => {
    if (!plugin.enabled) return;
    const schema = builtInPluginConfigs[plugin.name];
    if (schema === undefined) {
      warnings.push(`plugins[${index}] (${plugin.name}): no built-in plugin of this name in this version; it is not loaded`);
      return;
    }
    const parsed = schema.safeParse(plugin.config ?? {});
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => describeIssue({ ...issue, path: ['plugins', index, 'config', ...issue.path] }, resolved.value)));
      return;
    }
    problems.push(...checkPluginConfig(plugin.name, parsed.data, config).map((problem) => `plugins[${index}].config: ${problem}`));
  });
  if (problems.length > 0) throw new ConfigError(problems, source);
  return { config, warnings };
}

/** Warnings for settings that are present but have no effect in this version. */
function findNotYetImplemented(raw: unknown): string[] {
  const warnings: string[] = [];
  const visit = (value: unknown, parts: readonly string[], path: string) => {
    if (value === undefined || value === null) return;
    if (parts.length === 0) {
      const empty = (Array.isArray(value) && value.length === 0) || value === false;
      if (!empty) warnings.push(`${path}: accepted for compatibility but not implemented in this version; it has no effect`);
      return;
    }
    if (typeof value !== 'object') return;
    const [head, ...rest] = parts;
    const record = value as Record<string, unknown>;
    if (head === '*') for (const [key, item] of Object.entries(record)) visit(item, rest, `${path}.${key}`);
    else visit(record[head], rest, path === '' ? head : `${path}.${head}`);
  };
  for (const setting of notYetImplemented) visit(raw, setting.split('.'), '');
  return warnings;
}

/** What a built-in plugin's config needs beyond its schema: the providers it names exist, and so on. */
function checkPluginConfig(name: string, settings: unknown, config: Config): string[] {
  if (name !== 'semantic_cache') return [];
  const cache = settings as SemanticCacheConfig;
  const problems: string[] = [];
  const semantic = cache.mode === 'semantic' || cache.mode === 'both';
  if (semantic && (cache.provider === undefined || cache.embedding_model === undefined)) problems.push(`mode "${cache.mode}" needs provider and embedding_model`);
  if ((cache.provider === undefined) !== (cache.embedding_model === undefined)) problems.push('provider and embedding_model go together: set both for semantic matching, or neither');
  if (cache.provider !== undefined && !(cache.provider in config.providers)) problems.push(`provider "${cache.provider}" is not configured (configured: ${Object.keys(config.providers).join(', ') || 'none'})`);
  return problems;
}

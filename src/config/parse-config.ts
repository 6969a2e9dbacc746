import { ConfigError } from './config-error.js';
import { describeIssue } from './describe-issue.js';
import { findUnknownKeys } from './find-unknown-keys.js';
import { normalizeConfig } from './normalize-config.js';
import { resolveEnvReferences } from './resolve-env-references.js';
import { type Config, configSchema } from './schema.js';

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

  const warnings = [...normalized.warnings, ...findUnknownKeys(configSchema, resolved.value)];
  return { config: result.data!, warnings };
}

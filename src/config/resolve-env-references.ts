import { formatPath } from './format-path.js';

const prefix = 'env.';

/**
 * Replaces every string `env.NAME` in a raw config with the value of the
 * environment variable NAME. Returns the new value and one problem per variable
 * that is not set, naming the config path that refers to it.
 */
export function resolveEnvReferences(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
): { value: unknown; problems: string[] } {
  const problems: string[] = [];
  const walk = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === 'string') {
      if (!value.startsWith(prefix)) return value;
      const name = value.slice(prefix.length);
      const resolved = env[name];
      if (resolved === undefined || resolved === '') {
        problems.push(`${formatPath(path)}: refers to environment variable ${name}, which is not set; set ${name} or change the value`);
        return value;
      }
      return resolved;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = walk(item, [...path, key]);
      return out;
    }
    return value;
  };
  return { value: walk(raw, []), problems };
}

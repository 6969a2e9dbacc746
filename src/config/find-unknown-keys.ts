import type { z } from 'zod';
import { formatPath } from './format-path.js';

type AnySchema = z.core.$ZodType;

/**
 * Lists keys of `value` that `schema` does not declare, as warnings with their
 * path. zod strips such keys silently; the gateway reports them instead.
 */
export function findUnknownKeys(schema: AnySchema, value: unknown, path: PropertyKey[] = []): string[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return findUnknownKeys(def.innerType as AnySchema, value, path);
    case 'pipe':
      return findUnknownKeys(def.in as AnySchema, value, path);
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, index) => findUnknownKeys(def.element as AnySchema, item, [...path, index]))
        : [];
    case 'record':
      return isObject(value)
        ? Object.entries(value).flatMap(([key, item]) => findUnknownKeys(def.valueType as AnySchema, item, [...path, key]))
        : [];
    case 'object': {
      if (!isObject(value)) return [];
      const shape = def.shape as Record<string, AnySchema>;
      const loose = def.catchall !== undefined && (def.catchall as AnySchema)._zod.def.type !== 'never';
      const warnings: string[] = [];
      for (const [key, item] of Object.entries(value)) {
        const field = shape[key];
        if (field) warnings.push(...findUnknownKeys(field, item, [...path, key]));
        else if (!loose) warnings.push(`${formatPath([...path, key])}: unknown key, ignored (check its spelling against docs/configuration.md)`);
      }
      return warnings;
    }
    default:
      return [];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

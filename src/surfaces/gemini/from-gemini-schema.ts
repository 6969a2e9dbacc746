import type { GeminiSchema } from './wire.js';

/** Counts that Google's JSON encodes as strings (int64), numbers in JSON Schema. */
const countKeywords: ReadonlySet<string> = new Set(['minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties']);

/**
 * Converts Google's OpenAPI-subset `Schema` (https://ai.google.dev/api/caching#Schema),
 * as `parameters` and `responseSchema` take it, into JSON Schema: types in lower case,
 * `nullable` as a `null` type, int64 counts as numbers, `example` as `examples`.
 * `propertyOrdering` has no JSON Schema keyword and is left out (the properties keep
 * their order). Every other keyword (`format`, `enum`, `required`, `minimum`, ...)
 * means the same in both and is copied.
 */
export function fromGeminiSchema(schema: GeminiSchema): Record<string, unknown> {
  if (schema === null || typeof schema !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const key in schema) {
    const value = schema[key];
    if (value === undefined) continue;
    if (key === 'type') {
      const type = String(value).toLowerCase();
      if (type !== 'type_unspecified') out.type = type;
    } else if (key === 'properties' && value !== null && typeof value === 'object') {
      const properties: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(value as Record<string, GeminiSchema>)) properties[name] = fromGeminiSchema(property);
      out.properties = properties;
    } else if (key === 'items') {
      out.items = fromGeminiSchema(value as GeminiSchema);
    } else if (key === 'anyOf' && Array.isArray(value)) {
      out.anyOf = value.map((entry: GeminiSchema) => fromGeminiSchema(entry));
    } else if (countKeywords.has(key)) {
      out[key] = Number(value);
    } else if (key === 'example') {
      out.examples = [value];
    } else if (key !== 'nullable' && key !== 'propertyOrdering') {
      out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
  }
  return out;
}

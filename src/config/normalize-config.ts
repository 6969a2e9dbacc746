import { topLevelSections } from './schema.js';

/**
 * Rewrites Bifrost's legacy flat form (provider names at the top level) into the
 * current form, and lower-cases provider names (`OpenAI` and `openai` are one
 * provider). Returns warnings for names given twice.
 */
export function normalizeConfig(raw: Record<string, unknown>): { value: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const out: Record<string, unknown> = {};
  let providers: Record<string, unknown> = {};
  const legacy = !('providers' in raw);

  for (const [key, value] of Object.entries(raw)) {
    if (key === 'providers') continue;
    if (topLevelSections.has(key) || !legacy) out[key] = value;
    else providers[key] = value;
  }
  if (!legacy) {
    const given = raw.providers;
    if (given !== null && typeof given === 'object' && !Array.isArray(given)) providers = given as Record<string, unknown>;
    else out.providers = given; // let the schema report the wrong type
  }
  if (out.providers === undefined) {
    const lowered: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(providers)) {
      const id = name.toLowerCase();
      if (id in lowered) warnings.push(`providers.${name}: provider '${id}' is configured more than once; the last one wins`);
      lowered[id] = value;
    }
    out.providers = lowered;
  }
  return { value: out, warnings };
}

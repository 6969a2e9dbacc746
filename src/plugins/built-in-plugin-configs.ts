import type { z } from 'zod';
import { semanticCacheConfigSchema } from '../config/cache-schema.js';

/** The plugins a config can turn on by name (`plugins[].name`), with the schema of their `config`. */
export const builtInPluginConfigs: Readonly<Record<string, z.ZodType>> = {
  semantic_cache: semanticCacheConfigSchema,
};

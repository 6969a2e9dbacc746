import { encodeRfc3986 } from '../../http/sigv4.js';
import type { ProviderKey } from '../contract.js';

/** The model families whose request fields differ (reasoning controls); `other` takes the common Converse fields only. */
export type BedrockModelFamily = 'anthropic' | 'nova-2' | 'other';

/**
 * The model id (or inference profile id or ARN) to call for a model name: the key's
 * `bedrock_key_config.deployments` entry, else its `aliases` entry, else the name itself.
 */
export function toBedrockModelId(model: string, key: ProviderKey): string {
  const deployments = (key.bedrock_key_config as { deployments?: unknown } | undefined)?.deployments;
  const deployed = lookUp(deployments, model) ?? lookUp(key.aliases, model);
  return deployed ?? model;
}

/** The path of an operation on a model; ids such as `...-v1:0` and ARNs are percent-encoded into one segment. */
export function bedrockModelPath(modelId: string, operation: 'converse' | 'converse-stream' | 'invoke'): string {
  return `/model/${encodeRfc3986(modelId)}/${operation}`;
}

/**
 * The family of a model, read from its id or, for an application inference profile
 * ARN that does not name it, from the model name it was configured under.
 * Cross-region profiles (`us.anthropic...`, `global.anthropic...`) name their model.
 */
export function bedrockModelFamily(modelId: string, model: string): BedrockModelFamily {
  const names = `${modelId} ${model}`.toLowerCase();
  if (names.includes('anthropic.') || names.includes('claude')) return 'anthropic';
  if (names.includes('amazon.nova-2') || names.includes('nova-2-')) return 'nova-2';
  return 'other';
}

function lookUp(map: unknown, name: string): string | undefined {
  if (map === null || typeof map !== 'object') return undefined;
  const value = (map as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' && Object.hasOwn(map, name) ? value : undefined;
}

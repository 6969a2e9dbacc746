import type { ProviderKey } from '../contract.js';

/** Azure OpenAI's latest GA data-plane version for the deployment routes (https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle). */
export const defaultAzureApiVersion = '2024-10-21';

/** What a key's `azure_key_config` says, read once per key. */
export interface AzureKeySettings {
  /** `https://<resource>.openai.azure.com`, without a trailing slash; `undefined` when unset. */
  endpoint: string | undefined;
  apiVersion: string;
  /** Model name → deployment name, from `deployments` and the key's `aliases`. */
  deployments: Readonly<Record<string, string>>;
}

const cache = new WeakMap<ProviderKey, AzureKeySettings>();

/** Reads a key's Azure settings (cached per key object). */
export function azureKeySettings(key: ProviderKey): AzureKeySettings {
  let settings = cache.get(key);
  if (settings) return settings;
  const config = (key.azure_key_config ?? {}) as { endpoint?: unknown; api_version?: unknown; deployments?: unknown };
  const endpoint = typeof config.endpoint === 'string' && config.endpoint !== '' ? config.endpoint.replace(/\/+$/, '') : undefined;
  const apiVersion = typeof config.api_version === 'string' && config.api_version !== '' ? config.api_version : defaultAzureApiVersion;
  settings = { endpoint, apiVersion, deployments: { ...stringsOf(key.aliases), ...stringsOf(config.deployments) } };
  cache.set(key, settings);
  return settings;
}

/** The deployment that serves `model` for this key: its mapping, or the model name itself (Azure's usual naming). */
export function azureDeployment(key: ProviderKey, model: string): string {
  const deployments = azureKeySettings(key).deployments;
  return Object.hasOwn(deployments, model) ? deployments[model] : model;
}

/** Problems with a key's `azure_key_config`, for the config check at start. */
export function checkAzureKey(key: ProviderKey, customBaseUrl: boolean): string[] {
  const config = key.azure_key_config;
  if (config !== undefined && (config === null || typeof config !== 'object' || Array.isArray(config))) return ['azure_key_config: expected an object'];
  const { endpoint, api_version: apiVersion, deployments } = (config ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (endpoint === undefined || endpoint === '') {
    if (!customBaseUrl) problems.push('azure_key_config.endpoint: required, e.g. "https://my-resource.openai.azure.com" (or set network_config.base_url)');
  } else if (typeof endpoint !== 'string' || !/^https?:\/\/[^/\s]+\/?$/.test(endpoint)) {
    problems.push(`azure_key_config.endpoint: expected the resource origin such as "https://my-resource.openai.azure.com", got ${JSON.stringify(endpoint)}`);
  }
  if (apiVersion !== undefined && (typeof apiVersion !== 'string' || apiVersion === '')) problems.push('azure_key_config.api_version: expected a string such as "2024-10-21"');
  if (deployments !== undefined && !isStringRecord(deployments)) problems.push('azure_key_config.deployments: expected an object of model name to deployment name');
  return problems;
}

function stringsOf(value: unknown): Record<string, string> {
  if (!isStringRecord(value)) return {};
  return value;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string');
}

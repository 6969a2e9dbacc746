import type { ProviderKey } from '../contract.js';

const region = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const stringFields = ['access_key', 'secret_key', 'session_token', 'region'] as const;

/**
 * Problems with a Bedrock key, each starting with the field's path: a key needs a
 * Bedrock API key (`value`) or complete access keys in `bedrock_key_config`, not both.
 * Behind a custom `base_url` (a proxy that signs) a key may have neither.
 */
export function checkBedrockKey(key: ProviderKey, settings: { customBaseUrl: boolean }): string[] {
  const raw = key.bedrock_key_config;
  if (raw !== undefined && (raw === null || typeof raw !== 'object')) return ['bedrock_key_config: must be an object'];
  const config = (raw ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of stringFields) {
    if (config[field] !== undefined && typeof config[field] !== 'string') problems.push(`bedrock_key_config.${field}: must be a string`);
  }
  if (problems.length > 0) return problems;
  const has = (field: string) => typeof config[field] === 'string' && config[field] !== '';
  if (has('access_key') && !has('secret_key')) problems.push('bedrock_key_config.secret_key: required with access_key; set the secret access key or an env.NAME reference');
  if (has('secret_key') && !has('access_key')) problems.push('bedrock_key_config.access_key: required with secret_key; set the access key id or an env.NAME reference');
  if (has('session_token') && !has('access_key')) problems.push('bedrock_key_config.session_token: used only with access_key and secret_key');
  if (has('access_key') && key.value !== '') problems.push('value: set either value (a Bedrock API key) or bedrock_key_config.access_key and secret_key, not both');
  if (!has('access_key') && !has('secret_key') && key.value === '' && !settings.customBaseUrl) {
    problems.push('value: required: a Bedrock API key (sent as a bearer token), or bedrock_key_config.access_key and secret_key for SigV4 signing');
  }
  if (has('region') && !region.test(config.region as string)) problems.push(`bedrock_key_config.region: '${String(config.region)}' is not an AWS region name (like us-east-1)`);
  const deployments = config.deployments;
  if (deployments !== undefined) {
    if (deployments === null || typeof deployments !== 'object' || Array.isArray(deployments)) {
      problems.push('bedrock_key_config.deployments: must map model names to model ids or inference profile ARNs');
    } else {
      for (const [name, id] of Object.entries(deployments)) {
        if (typeof id !== 'string' || id === '') problems.push(`bedrock_key_config.deployments.${name}: must be a model id or an inference profile id or ARN`);
      }
    }
  }
  return problems;
}

import { errors } from '../../errors/index.js';
import type { OpenAIOperation, OpenAIUrlContext } from '../openai-compatible/profile.js';
import { azureDeployment, azureKeySettings } from './settings.js';

const deploymentPaths: Readonly<Record<Exclude<OpenAIOperation, 'responses' | 'models'>, string>> = {
  chat: '/chat/completions',
  embeddings: '/embeddings',
  completions: '/completions',
};

/**
 * Azure OpenAI URLs (https://learn.microsoft.com/azure/ai-foundry/openai/reference):
 * `{endpoint}/openai/deployments/{deployment}/{operation}?api-version={version}`, and
 * the Responses API on the v1 route, `{endpoint}/openai/v1/responses`, which takes no
 * api-version. `network_config.base_url`, when set, is the endpoint.
 */
export function toAzureUrl(context: OpenAIUrlContext, operation: OpenAIOperation): string {
  const settings = azureKeySettings(context.key);
  const endpoint = context.settings.customBaseUrl ? context.settings.baseUrl : settings.endpoint;
  if (endpoint === undefined) {
    throw errors.internal(new Error(`${context.settings.provider}: the key has no azure_key_config.endpoint and network_config.base_url is not set`));
  }
  if (operation === 'responses') return `${endpoint}/openai/v1/responses`;
  const version = encodeURIComponent(settings.apiVersion);
  if (operation === 'models') return `${endpoint}/openai/models?api-version=${version}`;
  const deployment = encodeURIComponent(azureDeployment(context.key, context.request?.model ?? ''));
  return `${endpoint}/openai/deployments/${deployment}${deploymentPaths[operation]}?api-version=${version}`;
}

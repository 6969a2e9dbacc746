import type { ResponsesRequest } from '../../api/index.js';
import type { AdapterCall, ProviderAdapter } from '../contract.js';
import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { azureProfile } from './profile.js';
import { azureDeployment, azureKeySettings, checkAzureKey } from './settings.js';

const shared = createOpenAICompatibleAdapter(azureProfile);

/**
 * The Azure OpenAI adapter: the shared OpenAI-wire adapter with Azure's URLs and
 * `api-key` header, plus what is Azure's own: the key's `azure_key_config` checked
 * at start, models listed from its deployments, and the Responses API (v1 route)
 * called with the deployment name as `model`.
 */
export const azureAdapter: ProviderAdapter = {
  ...shared,
  checkKey: (key, settings) => checkAzureKey(key, settings.customBaseUrl),
  listModels: (call) => Promise.resolve(Object.keys(azureKeySettings(call.key).deployments)),
  responses: (call) => shared.responses!(withDeploymentModel(call)),
  responsesStream: (call) => shared.responsesStream!(withDeploymentModel(call)),
};

/** On Azure's v1 routes the request's `model` names the deployment. */
function withDeploymentModel(call: AdapterCall<ResponsesRequest>): AdapterCall<ResponsesRequest> {
  const deployment = azureDeployment(call.key, call.request.model);
  return deployment === call.request.model ? call : { ...call, request: { ...call.request, model: deployment } };
}

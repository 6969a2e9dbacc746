import { startAzureUpstream } from '../fake-upstreams/azure-upstream.js';
import { runConformance } from './run-conformance.js';

// Azure OpenAI: the OpenAI wire on deployment URLs, with Azure's filter results and error bodies.
runConformance({
  provider: 'azure',
  model: 'gpt-4o',
  startUpstream: () => startAzureUpstream({ apiKey: 'azure-key' }),
  providerConfig: () => ({ keys: [{ name: 'k1', value: 'azure-key', models: [], weight: 1, azure_key_config: { api_version: '2024-10-21' } }] }),
});

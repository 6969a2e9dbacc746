import type { ProviderAdapter } from '../contract.js';

/** Placeholder until the bedrock adapter lands: declares no operation. */
export const bedrockAdapter: ProviderAdapter = {
  id: 'bedrock',
  description: 'bedrock (not built yet)',
  defaultBaseUrl: 'http://127.0.0.1:1',
  requiresKey: false,
  framing: 'none',
  capabilities: { chat: false, chatStream: false, embeddings: false, listModels: false, tools: false, vision: false, jsonSchema: false, reasoning: false, completions: false, responses: false },
};

import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { vllmProfile } from './profile.js';

/** The vllm adapter: the OpenAI-compatible adapter with vllm's profile. */
export const vllmAdapter = createOpenAICompatibleAdapter(vllmProfile);

import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { deepseekProfile } from './profile.js';

/** The deepseek adapter: the OpenAI-compatible adapter with deepseek's profile. */
export const deepseekAdapter = createOpenAICompatibleAdapter(deepseekProfile);

import type { ChatRequest, CompletionRequest } from '../api/index.js';
import { errors } from '../errors/index.js';

/** Completion fields chat has no field for: each is translated, refused or reported by the functions below. */
const completionOnly: ReadonlySet<string> = new Set(['prompt', 'suffix', 'echo', 'logprobs', 'best_of', 'stream', 'stream_options']);

/**
 * The prompts of a completion request sent through chat, one chat request each
 * (as OpenAI answers an array of prompts with the choices of each, in order).
 * Token-id prompts cannot be turned back into text and are refused.
 */
export function completionPrompts(request: CompletionRequest, provider: string): string[] {
  const prompt = request.prompt;
  if (typeof prompt === 'string') return [prompt];
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((entry) => typeof entry === 'string')) return prompt as string[];
  if (Array.isArray(prompt) && prompt.length > 0) {
    throw errors.invalidRequest(`prompt as token ids cannot be sent to provider '${provider}', which serves /v1/completions through chat; send the prompt as text.`, 'prompt');
  }
  throw errors.invalidRequest(`prompt must be a string or a non-empty array of strings when provider '${provider}' serves /v1/completions through chat.`, 'prompt');
}

/**
 * Refuses the completion parameters chat cannot honour and whose absence would
 * change the answer's meaning (`suffix`, `logprobs`), and reports `best_of`,
 * which only changes how hard the provider tries, as dropped.
 */
export function checkCompletionParams(request: CompletionRequest, provider: string, warnings: string[]): void {
  if (typeof request.suffix === 'string' && request.suffix !== '') {
    throw errors.invalidRequest(`suffix (inserting text before a suffix) cannot be honoured by provider '${provider}', which serves /v1/completions through chat.`, 'suffix');
  }
  if (request.logprobs !== undefined && request.logprobs !== null) {
    throw errors.invalidRequest(`logprobs cannot be honoured by provider '${provider}', which serves /v1/completions through chat.`, 'logprobs');
  }
  if (request.best_of !== undefined && request.best_of !== null && request.best_of !== (request.n ?? 1)) {
    warnings.push(`best_of is not supported when ${provider} serves /v1/completions through chat and was dropped`);
  }
}

/**
 * The chat request for one prompt: the prompt as the only user message; the
 * fields both APIs share (`max_tokens`, `temperature`, `top_p`, `n`, `stop`,
 * `seed`, penalties, `logit_bias`, `user`) and unknown ones as they are.
 */
export function toChatFromCompletion(request: CompletionRequest, prompt: string, stream: boolean): ChatRequest {
  const chat: ChatRequest = { model: request.model, messages: [{ role: 'user', content: prompt }] };
  for (const field in request) {
    if (!completionOnly.has(field) && field !== 'model' && request[field] !== undefined) chat[field] = request[field];
  }
  if (stream) {
    chat.stream = true;
    if (request.stream_options != null) chat.stream_options = request.stream_options;
  }
  return chat;
}

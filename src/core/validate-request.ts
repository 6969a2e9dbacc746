import type { ChatRequest, CompletionRequest, EmbeddingRequest, ResponsesRequest } from '../api/index.js';
import { errors } from '../errors/index.js';

/**
 * The checks the gateway itself needs; everything else is the provider's to
 * judge (and its 400 is passed back). Kept to plain property reads: this runs per request.
 */
export function validateChatRequest(body: unknown): asserts body is ChatRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.invalidRequest('The request body must be a JSON object.');
  }
  const request = body as Record<string, unknown>;
  const messages = request.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw errors.invalidRequest('messages is required: a non-empty array of {role, content} objects.', 'messages');
  }
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as { role?: unknown } | null;
    if (message === null || typeof message !== 'object' || typeof message.role !== 'string') {
      throw errors.invalidRequest(`messages[${i}] must be an object with a string role.`, `messages[${i}]`);
    }
  }
  const stream = request.stream;
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    throw errors.invalidRequest('stream must be true or false.', 'stream');
  }
  if (request.fallbacks !== undefined) checkFallbacks(request.fallbacks);
}

export function validateEmbeddingRequest(body: unknown): asserts body is EmbeddingRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.invalidRequest('The request body must be a JSON object.');
  }
  const input = (body as { input?: unknown }).input;
  const valid = typeof input === 'string' || (Array.isArray(input) && input.length > 0);
  if (!valid) throw errors.invalidRequest('input is required: a string or a non-empty array.', 'input');
  const fallbacks = (body as { fallbacks?: unknown }).fallbacks;
  if (fallbacks !== undefined) checkFallbacks(fallbacks);
}

/** Checks of a text-completion request; `prompt` is judged further when it is translated through chat. */
export function validateCompletionRequest(body: unknown): asserts body is CompletionRequest {
  const request = requireObject(body);
  const prompt = request.prompt;
  if (prompt === undefined || !(prompt === null || typeof prompt === 'string' || Array.isArray(prompt))) {
    throw errors.invalidRequest('prompt is required: a string or an array of strings.', 'prompt');
  }
  requireBooleanStream(request);
  if (request.fallbacks !== undefined) checkFallbacks(request.fallbacks);
}

/** Checks of a Responses API request; `input` is judged further when it is translated through chat. */
export function validateResponsesRequest(body: unknown): asserts body is ResponsesRequest {
  const request = requireObject(body);
  const input = request.input;
  if (input !== undefined && typeof input !== 'string' && !Array.isArray(input)) {
    throw errors.invalidRequest('input must be a string or an array of input items.', 'input');
  }
  requireBooleanStream(request);
  if (request.fallbacks !== undefined) checkFallbacks(request.fallbacks);
}

function requireObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.invalidRequest('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

function requireBooleanStream(request: Record<string, unknown>): void {
  const stream = request.stream;
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    throw errors.invalidRequest('stream must be true or false.', 'stream');
  }
}

/** Most fallbacks a request may name: each is tried with its own retries. */
const maxFallbacks = 10;

/** A request's `fallbacks`: `provider/model` names (or virtual models) tried in order after the model. */
function checkFallbacks(fallbacks: unknown): void {
  if (!Array.isArray(fallbacks) || fallbacks.length > maxFallbacks || !fallbacks.every((entry) => typeof entry === 'string' && entry !== '')) {
    throw errors.invalidRequest(`fallbacks must be an array of at most ${maxFallbacks} model names (provider/model), tried in order when the model fails.`, 'fallbacks');
  }
}

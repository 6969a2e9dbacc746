import type { ChatResponse, CompletionResponse, EmbeddingResponse, ResponsesResponse } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { isOpenAIFinishReason, toFinishReason } from './finish-reason.js';
import { readContentParts } from './content-parts.js';

interface WireChoice {
  finish_reason?: unknown;
  native_finish_reason?: unknown;
  message?: Record<string, unknown> | null;
}

/**
 * Checks an OpenAI-wire chat completion, already in the gateway's shape, and evens
 * out what providers do differently: a finish reason outside OpenAI's set is mapped
 * (the raw one kept as `native_finish_reason`), reasoning text in `reasoningField`
 * moves to `reasoning_content`, and content sent as parts (Mistral's thinking) is read as text.
 */
export function fromOpenAIChatResponse(provider: string, body: unknown, reasoningField?: string): ChatResponse {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { choices?: unknown }).choices)) {
    throw errors.upstreamInvalidResponse(provider, 'a chat completion without a choices array');
  }
  const choices = (body as { choices: WireChoice[] }).choices;
  for (let i = 0; i < choices.length; i++) {
    const choice = choices[i];
    normalizeFinishReason(choice);
    const message = choice.message;
    if (!message) continue;
    if (reasoningField !== undefined && typeof message[reasoningField] === 'string') {
      if (message.reasoning_content === undefined) message.reasoning_content = message[reasoningField];
      delete message[reasoningField];
    }
    if (Array.isArray(message.content)) {
      const { text, reasoning } = readContentParts(message.content);
      message.content = text;
      if (reasoning !== '' && message.reasoning_content === undefined) message.reasoning_content = reasoning;
    }
  }
  return body as ChatResponse;
}

/** Checks an OpenAI-wire embeddings response. */
export function fromOpenAIEmbeddingResponse(provider: string, body: unknown): EmbeddingResponse {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { data?: unknown }).data)) {
    throw errors.upstreamInvalidResponse(provider, 'an embeddings response without a data array');
  }
  return body as EmbeddingResponse;
}

/** Checks a legacy `text_completion` answer; a finish reason outside OpenAI's set is mapped as in chat. */
export function fromOpenAICompletionResponse(provider: string, body: unknown): CompletionResponse {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { choices?: unknown }).choices)) {
    throw errors.upstreamInvalidResponse(provider, 'a text completion without a choices array');
  }
  for (const choice of (body as { choices: WireChoice[] }).choices) normalizeFinishReason(choice);
  return body as CompletionResponse;
}

/** Checks a Responses API answer (`object: "response"` with an `output` array); passed through as it came. */
export function fromOpenAIResponsesResponse(provider: string, body: unknown): ResponsesResponse {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { output?: unknown }).output)) {
    throw errors.upstreamInvalidResponse(provider, 'a Responses API answer without an output array');
  }
  return body as ResponsesResponse;
}

/** Reads the model ids of a `GET /v1/models` answer. */
export function fromOpenAIModelList(provider: string, body: unknown): string[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw errors.upstreamInvalidResponse(provider, 'a model list without a data array');
  return data.flatMap((entry) => (typeof entry?.id === 'string' ? [entry.id as string] : []));
}

function normalizeFinishReason(choice: WireChoice): void {
  const raw = choice.finish_reason;
  if (typeof raw !== 'string' || isOpenAIFinishReason(raw)) return;
  if (choice.native_finish_reason === undefined) choice.native_finish_reason = raw;
  choice.finish_reason = toFinishReason(raw);
}

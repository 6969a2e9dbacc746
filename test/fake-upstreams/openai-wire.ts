import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { CreateEmbeddingResponse } from 'openai/resources/embeddings';
import type { Model } from 'openai/resources/models';

/**
 * OpenAI's wire format as the fake upstream writes it, typed against the official
 * SDK's types and shaped like real responses (https://platform.openai.com/docs/api-reference/chat).
 */

/** OpenAI's error object: the value of `error` in an error body. */
export interface OpenAIErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** A tool call the fake assistant makes. */
export interface FakeToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** What the fake assistant answers. */
export interface FakeReply {
  /** The text, as stream deltas (joined for a non-streaming answer). */
  deltas: readonly string[];
  toolCalls: readonly FakeToolCall[];
  /** Characters per streamed fragment of tool-call arguments. */
  argumentFragmentLength: number;
}

/** The text the fake answers when a test sets none. */
export const defaultDeltas: readonly string[] = ['Hello', ' from', ' the', ' fake', ' upstream', '.'];

const created = 1_735_689_600;

/** A `chat.completion` answering `body`. */
export function toChatCompletion(id: string, body: any, reply: FakeReply): ChatCompletion {
  const text = reply.deltas.join('');
  const hasTools = reply.toolCalls.length > 0;
  return {
    id,
    object: 'chat.completion',
    created,
    model: body.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: hasTools && text === '' ? null : text,
          refusal: null,
          annotations: [],
          ...(hasTools ? { tool_calls: reply.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })) } : {}),
        },
        logprobs: null,
        finish_reason: hasTools ? 'tool_calls' : 'stop',
      },
    ],
    usage: toUsage(body, reply.deltas.length),
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
}

/**
 * The `data:` payloads of a streamed answer, in the order OpenAI sends them: the
 * role chunk, content deltas, each tool call (its header, then argument fragments),
 * the finish chunk, the usage chunk with `choices: []` when
 * `stream_options.include_usage` is true, and `[DONE]`.
 */
export function toChatCompletionEvents(id: string, body: any, reply: FakeReply): string[] {
  const includeUsage = body.stream_options?.include_usage === true;
  const hasTools = reply.toolCalls.length > 0;
  const chunk = (choices: ChatCompletionChunk['choices'], extra: Partial<ChatCompletionChunk> = {}): string =>
    JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
      choices,
      // With include_usage, OpenAI sends `"usage": null` on every chunk but the last.
      ...(includeUsage ? { usage: null } : {}),
      ...extra,
    } satisfies ChatCompletionChunk);
  const delta = (value: ChatCompletionChunk.Choice.Delta, finishReason: ChatCompletionChunk.Choice['finish_reason'] = null) =>
    chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finishReason }]);

  const events = [delta({ role: 'assistant', content: hasTools && reply.deltas.length === 0 ? null : '', refusal: null })];
  for (const text of reply.deltas) events.push(delta({ content: text }));
  reply.toolCalls.forEach((call, index) => {
    events.push(delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (let at = 0; at < call.arguments.length; at += reply.argumentFragmentLength) {
      events.push(delta({ tool_calls: [{ index, function: { arguments: call.arguments.slice(at, at + reply.argumentFragmentLength) } }] }));
    }
  });
  events.push(delta({}, hasTools ? 'tool_calls' : 'stop'));
  if (includeUsage) events.push(chunk([], { usage: toUsage(body, reply.deltas.length) }));
  events.push('[DONE]');
  return events;
}

/** An embeddings answer: `fakeEmbedding` vectors, as floats or, for `encoding_format: 'base64'`, little-endian float32 in base64. */
export function toEmbeddingResponse(body: any): Omit<CreateEmbeddingResponse, 'data'> & { data: { object: 'embedding'; index: number; embedding: number[] | string }[] } {
  const inputs: unknown[] = Array.isArray(body?.input) ? body.input : [body?.input];
  const dimensions = typeof body?.dimensions === 'number' ? body.dimensions : 4;
  const tokens = inputs.length * 3;
  const base64 = body?.encoding_format === 'base64';
  return {
    object: 'list',
    model: body?.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
    data: inputs.map((input, index) => {
      // The model `bag-of-words` embeds the text itself, so that similar texts get similar vectors.
      const vector = body?.model === 'bag-of-words' ? wordEmbedding(String(input), typeof body?.dimensions === 'number' ? dimensions : 64) : fakeEmbedding(index, dimensions);
      return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
    }),
  };
}

/** The `GET /v1/models` answer. */
export function toModelList(models: readonly string[]): { object: 'list'; data: Model[] } {
  return { object: 'list', data: models.map((id) => ({ id, object: 'model', created, owned_by: 'system' })) };
}

/** The vector the fake returns for the input at `index`: values exact in float32, so base64 round trips compare equal. */
export function fakeEmbedding(index: number, dimensions = 4): number[] {
  return Array.from({ length: dimensions }, (_, j) => ((index + 1) * (j + 1)) / 8 - 0.5);
}

/**
 * A deterministic embedding of a text's words: each lower-cased word adds 1 to the
 * dimension its FNV-1a hash picks, then the vector is scaled to unit length. Texts
 * sharing most words are close (cosine near 1); texts sharing none are orthogonal.
 */
export function wordEmbedding(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193) >>> 0;
    vector[hash % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** The words of the last user message, each with its following space. */
export function echoDeltas(body: any): string[] {
  const messages: { role?: string; content?: unknown }[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = [...messages].reverse().find((message) => message.role === 'user');
  const text = typeof last?.content === 'string' ? last.content : '';
  return text.match(/\S+\s*/g) ?? [];
}

/** What OpenAI answers for an error status, from its documentation and real responses. */
export function openAIError(status: number): OpenAIErrorObject {
  switch (status) {
    case 400:
      return { message: "Invalid value for 'temperature': expected a number.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' };
    case 401:
      return { message: 'Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' };
    case 403:
      return { message: 'Country, region, or territory not supported', type: 'request_forbidden', param: null, code: 'unsupported_country_region_territory' };
    case 404:
      return { message: 'The model `gpt-5-nonexistent` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' };
    case 429:
      return { message: 'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.', type: 'requests', param: null, code: 'rate_limit_exceeded' };
    case 503:
      return { message: 'The engine is currently overloaded, please try again later', type: 'server_error', param: null, code: null };
    default:
      return { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null };
  }
}

/** Usage the fake reports: 5 prompt tokens per message, one completion token per delta. */
function toUsage(body: any, completionTokens: number): CompletionUsage {
  const promptTokens = Array.isArray(body?.messages) ? body.messages.length * 5 : 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

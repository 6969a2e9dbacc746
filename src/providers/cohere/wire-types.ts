/**
 * Cohere's v2 wire format, as its API reference (https://docs.cohere.com/v2/reference/chat)
 * and the official SDK's serialization types (`cohere-ai/cohere-typescript`,
 * `src/serialization/`) declare it. Only the fields the adapter writes or reads.
 */

/** A content part of a user, system, assistant or tool message. */
export type CohereContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: 'thinking'; thinking: string };

/** A tool call, in requests (assistant history) and responses. */
export interface CohereToolCall {
  id: string;
  type: 'function';
  function?: { name?: string | null; arguments?: string | null } | null;
}

/** One message of `messages`. */
export type CohereMessage =
  | { role: 'system'; content: string | CohereContentPart[] }
  | { role: 'user'; content: string | CohereContentPart[] }
  | { role: 'assistant'; content?: string | CohereContentPart[]; tool_plan?: string; tool_calls?: CohereToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string | CohereContentPart[] };

/** A tool the model may call (`tools[]`). */
export interface CohereTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** Token accounting (`usage`): `tokens` counts what the model saw, `billed_units` what is billed. */
export interface CohereUsage {
  billed_units?: { input_tokens?: number | null; output_tokens?: number | null } | null;
  tokens?: { input_tokens?: number | null; output_tokens?: number | null } | null;
  /** Prompt tokens that hit the inference cache. */
  cached_tokens?: number | null;
}

/** The answer of `POST /v2/chat` without streaming. */
export interface CohereChatResponse {
  id: string;
  finish_reason: string;
  message: {
    role: 'assistant';
    content?: CohereContentPart[] | null;
    tool_plan?: string | null;
    tool_calls?: CohereToolCall[] | null;
    citations?: unknown[] | null;
  };
  usage?: CohereUsage | null;
}

/**
 * One event of a `POST /v2/chat` stream (the SSE `data`), discriminated by `type`.
 * Only the fields the adapter reads are declared; `index` counts content blocks and tool calls.
 */
export interface CohereStreamEvent {
  type: string;
  id?: string | null;
  index?: number | null;
  delta?: {
    message?: {
      content?: { type?: string | null; text?: string | null; thinking?: string | null } | null;
      tool_plan?: string | null;
      tool_calls?: CohereToolCall | null;
    } | null;
    finish_reason?: string | null;
    error?: string | null;
    usage?: CohereUsage | null;
  } | null;
}

/** The answer of `POST /v2/embed` (`embeddings_by_type`). */
export interface CohereEmbedResponse {
  id?: string;
  embeddings: { float?: number[][] | null };
  meta?: { billed_units?: { input_tokens?: number | null } | null; tokens?: { input_tokens?: number | null } | null } | null;
}

/** The answer of `GET /v1/models`. */
export interface CohereModelList {
  models: Array<{ name?: string | null; endpoints?: string[] | null }>;
  next_page_token?: string | null;
}

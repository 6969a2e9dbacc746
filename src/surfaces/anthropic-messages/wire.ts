/**
 * The Anthropic Messages API as clients send it to the gateway. The shapes the
 * provider side already writes and reads are reused; what only a client sends
 * (thinking blocks coming back, server tools, `count_tokens`) is added here.
 * https://docs.claude.com/en/api/messages
 */
import type {
  AnthropicCacheControl,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicResponse,
  AnthropicResponseBlock,
  AnthropicStreamEvent,
  AnthropicTextBlock,
  AnthropicThinking,
  AnthropicToolChoice,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
  AnthropicUsage,
} from '../../providers/anthropic/wire.js';

export type {
  AnthropicCacheControl,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicResponse,
  AnthropicResponseBlock,
  AnthropicStreamEvent,
  AnthropicTextBlock,
  AnthropicThinking,
  AnthropicToolChoice,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
  AnthropicUsage,
};

/** A thinking block an assistant turn carries back (its signature is Anthropic's alone). */
export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature?: string;
}

/** Thinking Anthropic returned encrypted; only Anthropic can read it. */
export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/** Any block of an inbound message; unknown types are refused by name. */
export type AnthropicInboundBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | { type: string; [field: string]: unknown };

/** A message of the request (`system` turns are accepted, as newer SDKs send them). */
export interface AnthropicInboundMessage {
  role: 'user' | 'assistant' | 'system';
  content: string | AnthropicInboundBlock[];
}

/** A tool: a client tool (`input_schema`), or a server tool (`type` such as `web_search_20250305`). */
export interface AnthropicInboundTool {
  type?: string;
  name: string;
  description?: string;
  input_schema?: Record<string, unknown>;
  strict?: boolean;
  cache_control?: AnthropicCacheControl;
  [field: string]: unknown;
}

/** The body of `POST /v1/messages` (and, less `max_tokens`, of `/v1/messages/count_tokens`). */
export interface AnthropicInboundRequest {
  model: string;
  messages: AnthropicInboundMessage[];
  max_tokens?: number;
  system?: string | AnthropicTextBlock[];
  stream?: boolean;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  tools?: AnthropicInboundTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinking | { type: string; [field: string]: unknown };
  output_config?: { effort?: string | null; format?: { type: 'json_schema'; schema: Record<string, unknown> } | null; [field: string]: unknown };
  metadata?: { user_id?: string | null };
  [field: string]: unknown;
}

/** One model of `GET /v1/models`. https://docs.claude.com/en/api/models-list */
export interface AnthropicModelInfo {
  type: 'model';
  id: string;
  display_name: string;
  /** RFC 3339 time. */
  created_at: string;
}

/** A page of `GET /v1/models`. */
export interface AnthropicModelPage {
  data: AnthropicModelInfo[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

/** An error body: `{"type": "error", "error": {"type", "message"}}`. https://docs.claude.com/en/api/errors */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id?: string;
}

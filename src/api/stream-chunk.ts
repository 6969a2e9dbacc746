import type { FinishReason, Usage } from './chat.js';

/**
 * The normalized stream: what every provider's stream is mapped into, and what
 * every client wire format (OpenAI SSE today, Anthropic and Gemini later) is
 * encoded from. One upstream event becomes zero or more chunks.
 */
export type StreamChunk =
  | StreamStartChunk
  | TextDeltaChunk
  | ReasoningDeltaChunk
  | ToolCallDeltaChunk
  | FinishChunk
  | UsageChunk
  | StreamErrorChunk;

/** Response metadata; always the first chunk of a stream. */
export interface StreamStartChunk {
  type: 'start';
  id: string;
  model: string;
  created: number;
  systemFingerprint?: string | null;
}

/** Assistant text for one choice. */
export interface TextDeltaChunk {
  type: 'text-delta';
  choice: number;
  text: string;
}

/** Reasoning ("thinking") text for one choice. */
export interface ReasoningDeltaChunk {
  type: 'reasoning-delta';
  choice: number;
  text: string;
}

/**
 * Part of a tool call. The first delta of a call carries `id` and `name`;
 * later ones append to `arguments` of the call at `index`.
 */
export interface ToolCallDeltaChunk {
  type: 'tool-call-delta';
  choice: number;
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

/** A choice ended. `rawReason` is the provider's own reason, kept as sent. */
export interface FinishChunk {
  type: 'finish';
  choice: number;
  reason: FinishReason;
  rawReason: string;
}

/** Token usage for the whole response; at most one per stream, near the end. */
export interface UsageChunk {
  type: 'usage';
  usage: Usage;
}

/** What a client needs to know of an error; `GatewayError` has this shape. */
export interface ErrorInfo {
  message: string;
  /** Stable gateway error code, e.g. `upstream_unreachable`. */
  code: string;
  /** OpenAI error `type`, e.g. `invalid_request_error`. */
  type: string;
  /** HTTP status the error maps to. */
  status: number;
  param?: string | null;
}

/** An error after output began; the stream ends after it. */
export interface StreamErrorChunk {
  type: 'error';
  error: ErrorInfo;
}

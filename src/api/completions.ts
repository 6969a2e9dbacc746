import type { FinishReason, Usage } from './chat.js';

/** A legacy text-completion request (`POST /v1/completions`), OpenAI's shape. */
export interface CompletionRequest {
  model: string;
  prompt: string | string[] | number[] | number[][];
  suffix?: string | null;
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  stop?: string | string[] | null;
  seed?: number | null;
  echo?: boolean;
  logprobs?: number | null;
  user?: string;
  [field: string]: unknown;
}

/** One choice of a text completion. */
export interface CompletionChoice {
  index: number;
  text: string;
  logprobs: unknown;
  finish_reason: FinishReason | null;
}

/** A legacy text-completion response, OpenAI's shape. */
export interface CompletionResponse {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionChoice[];
  usage?: Usage;
  system_fingerprint?: string | null;
  [field: string]: unknown;
}

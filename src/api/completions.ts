import type { FinishReason, Usage } from './chat.js';

/** A legacy text-completion request (`POST /v1/completions`), OpenAI's shape. */
export interface CompletionRequest {
  model: string;
  /** A prompt, several prompts (one completion each), or token ids (native providers only). */
  prompt: string | string[] | number[] | number[][] | null;
  suffix?: string | null;
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  stop?: string | string[] | null;
  seed?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  echo?: boolean | null;
  logprobs?: number | null;
  best_of?: number | null;
  user?: string;
  [field: string]: unknown;
}

/** One choice of a text completion. */
export interface CompletionChoice {
  index: number;
  text: string;
  logprobs: unknown;
  finish_reason: FinishReason | null;
  [field: string]: unknown;
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

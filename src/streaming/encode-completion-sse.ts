import type { StreamChunk, Usage } from '../api/index.js';
import { toOpenAIError } from '../errors/to-openai-error.js';

/** Options of the text-completion SSE encoding. */
export interface CompletionSseOptions {
  /** Forward the usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
}

/**
 * Encodes normalized chunks as OpenAI legacy `text_completion` server-sent events
 * (`POST /v1/completions` with `stream: true`): one event per text delta and per
 * finished choice, a usage event with `choices: []` on request, then `data: [DONE]`.
 * Reasoning and tool-call chunks have no place in this format and produce nothing.
 */
export class CompletionSseEncoder {
  readonly #includeUsage: boolean;
  #prefix = '';
  #suffix = '}\n\n';

  constructor(options: CompletionSseOptions) {
    this.#includeUsage = options.includeUsage;
  }

  encode(chunk: StreamChunk): string {
    switch (chunk.type) {
      case 'start':
        this.#prefix = `data: {"id":${JSON.stringify(chunk.id)},"object":"text_completion","created":${chunk.created},"model":${JSON.stringify(chunk.model)},"choices":`;
        this.#suffix = chunk.systemFingerprint == null ? '}\n\n' : `,"system_fingerprint":${JSON.stringify(chunk.systemFingerprint)}}\n\n`;
        return '';
      case 'text-delta':
        return `${this.#prefix}[{"text":${JSON.stringify(chunk.text)},"index":${chunk.choice},"logprobs":null,"finish_reason":null}]${this.#suffix}`;
      case 'finish':
        return `${this.#prefix}[{"text":"","index":${chunk.choice},"logprobs":null,"finish_reason":${JSON.stringify(chunk.reason)}}]${this.#suffix}`;
      case 'usage':
        return this.#includeUsage ? `${this.#prefix}[],"usage":${JSON.stringify(chunk.usage satisfies Usage)}${this.#suffix}` : '';
      case 'error':
        return `data: ${JSON.stringify(toOpenAIError(chunk.error))}\n\n`;
      case 'reasoning-delta':
      case 'tool-call-delta':
        return '';
    }
  }

  /** The end-of-stream marker. */
  done(): string {
    return 'data: [DONE]\n\n';
  }
}

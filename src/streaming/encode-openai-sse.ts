import type { StreamChunk, Usage } from '../api/index.js';
import { toOpenAIError } from '../errors/to-openai-error.js';

/** Options of the OpenAI SSE encoding. */
export interface OpenAISseOptions {
  /** Forward the usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
}

/**
 * Encodes normalized chunks as OpenAI `chat.completion.chunk` server-sent events.
 * Returns the text to write for each chunk ('' when a chunk produces no event).
 * The constant part of every event is built once per stream.
 */
export class OpenAISseEncoder {
  readonly #includeUsage: boolean;
  #prefix = '';
  #roleSent: boolean[] = [];

  constructor(options: OpenAISseOptions) {
    this.#includeUsage = options.includeUsage;
  }

  encode(chunk: StreamChunk): string {
    switch (chunk.type) {
      case 'start': {
        const fingerprint = chunk.systemFingerprint == null ? '' : `,"system_fingerprint":${JSON.stringify(chunk.systemFingerprint)}`;
        this.#prefix = `data: {"id":${JSON.stringify(chunk.id)},"object":"chat.completion.chunk","created":${chunk.created},"model":${JSON.stringify(chunk.model)}${fingerprint},"choices":`;
        this.#roleSent[0] = true;
        return `${this.#prefix}[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`;
      }
      case 'text-delta':
        return this.#delta(chunk.choice, `"content":${JSON.stringify(chunk.text)}`);
      case 'reasoning-delta':
        return this.#delta(chunk.choice, `"reasoning_content":${JSON.stringify(chunk.text)}`);
      case 'tool-call-delta': {
        const head = chunk.id === undefined ? '' : `"id":${JSON.stringify(chunk.id)},"type":"function",`;
        const name = chunk.name === undefined ? '' : `"name":${JSON.stringify(chunk.name)},`;
        return this.#delta(chunk.choice, `"tool_calls":[{"index":${chunk.index},${head}"function":{${name}"arguments":${JSON.stringify(chunk.arguments)}}}]`);
      }
      case 'finish':
        return `${this.#prefix}[{"index":${chunk.choice},"delta":{},"finish_reason":${JSON.stringify(chunk.reason)}}]}\n\n`;
      case 'usage':
        return this.#includeUsage ? `${this.#prefix}[],"usage":${JSON.stringify(chunk.usage satisfies Usage)}}\n\n` : '';
      case 'error':
        return `data: ${JSON.stringify(toOpenAIError(chunk.error))}\n\n`;
    }
  }

  /** The end-of-stream marker. */
  done(): string {
    return 'data: [DONE]\n\n';
  }

  #delta(choice: number, fields: string): string {
    let role = '';
    if (this.#roleSent[choice] !== true) {
      this.#roleSent[choice] = true;
      role = '"role":"assistant",';
    }
    return `${this.#prefix}[{"index":${choice},"delta":{${role}${fields}},"finish_reason":null}]}\n\n`;
  }
}

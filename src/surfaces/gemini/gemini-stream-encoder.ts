import type { StreamChunk, Usage } from '../../api/index.js';
import { malformedFunctionCall, toGeminiFunctionCall } from './to-gemini-function-call.js';
import { toGeminiError } from './to-gemini-error.js';
import { toGeminiFinishReason } from './to-gemini-finish-reason.js';
import { toGeminiUsageMetadata } from './to-gemini-usage.js';
import type { GeminiCandidate, GeminiPart, GeminiResponse } from './wire.js';

/**
 * How `streamGenerateContent` frames its responses: server-sent events with `alt=sse`
 * (`data: {...}` per response), else one JSON array whose elements arrive as they are made.
 */
export type GeminiStreamFraming = 'sse' | 'json-array';

/** Options of the Gemini stream encoding. */
export interface GeminiStreamOptions {
  framing: GeminiStreamFraming;
  /** Whether thought text is sent (`thinkingConfig.includeThoughts`). */
  includeThoughts: boolean;
}

/** A function call being assembled from its deltas. */
interface PendingCall {
  id: string | undefined;
  name: string;
  arguments: string;
}

/**
 * Encodes normalized chunks as the responses of `streamGenerateContent`, each a
 * `GenerateContentResponse`: text (and thought text) as it comes; function calls whole,
 * once their arguments are complete, in the last response, which also carries each
 * candidate's finish reason and the `usageMetadata`. An error after output began is
 * Google's error object as the last response (the SDK throws it as an `ApiError`).
 */
export class GeminiStreamEncoder {
  readonly #sse: boolean;
  readonly #includeThoughts: boolean;
  #tail = '}';
  #written = 0;
  #failed = false;
  readonly #calls: PendingCall[][] = [];
  readonly #finishes: Array<string | undefined> = [];
  #usage: Usage | undefined;

  constructor(options: GeminiStreamOptions) {
    this.#sse = options.framing === 'sse';
    this.#includeThoughts = options.includeThoughts;
  }

  /** The text to write for one chunk ('' when it produces no response yet). */
  encode(chunk: StreamChunk): string {
    switch (chunk.type) {
      case 'start':
        this.#tail = `,"modelVersion":${JSON.stringify(chunk.model)},"responseId":${JSON.stringify(chunk.id)}}`;
        return '';
      case 'text-delta':
        return this.#text(chunk.choice, `{"text":${JSON.stringify(chunk.text)}}`);
      case 'reasoning-delta':
        return this.#includeThoughts ? this.#text(chunk.choice, `{"text":${JSON.stringify(chunk.text)},"thought":true}`) : '';
      case 'tool-call-delta': {
        const calls = (this.#calls[chunk.choice] ??= []);
        const call = (calls[chunk.index] ??= { id: undefined, name: '', arguments: '' });
        if (chunk.id !== undefined) call.id = chunk.id;
        if (chunk.name !== undefined) call.name = chunk.name;
        call.arguments += chunk.arguments;
        return '';
      }
      case 'finish':
        this.#finishes[chunk.choice] = toGeminiFinishReason(chunk.reason);
        return '';
      case 'usage':
        this.#usage = chunk.usage;
        return '';
      case 'error':
        this.#failed = true;
        return this.#frame(JSON.stringify(toGeminiError(chunk.error)));
    }
  }

  /** The text that ends the stream: the last response (unless it failed) and, for a JSON array, its end. */
  done(): string {
    const end = this.#sse ? '' : this.#written === 0 ? '[]' : ']';
    if (this.#failed) return end;
    const last: GeminiResponse = { candidates: this.#lastCandidates() };
    if (this.#usage) last.usageMetadata = toGeminiUsageMetadata(this.#usage);
    const json = JSON.stringify(last);
    return this.#frame(json.slice(0, -1) + this.#tail) + (this.#sse ? '' : ']');
  }

  #text(choice: number, part: string): string {
    return this.#frame(`{"candidates":[{"content":{"parts":[${part}],"role":"model"},"index":${choice}}]${this.#tail}`);
  }

  #frame(json: string): string {
    if (this.#sse) return `data: ${json}\r\n\r\n`;
    return (this.#written++ === 0 ? '[' : ',\r\n') + json;
  }

  #lastCandidates(): GeminiCandidate[] {
    const count = Math.max(this.#finishes.length, this.#calls.length, 1);
    const candidates: GeminiCandidate[] = [];
    for (let choice = 0; choice < count; choice++) {
      const parts: GeminiPart[] = [];
      let finishReason = this.#finishes[choice] ?? 'STOP';
      for (const call of this.#calls[choice] ?? []) {
        const part = call === undefined ? undefined : toGeminiFunctionCall(call.id, call.name, call.arguments);
        if (part) parts.push(part);
        else finishReason = malformedFunctionCall;
      }
      const candidate: GeminiCandidate = {};
      if (parts.length > 0 || finishReason !== 'SAFETY') candidate.content = { parts: parts.length > 0 ? parts : [{ text: '' }], role: 'model' };
      candidate.finishReason = finishReason;
      candidate.index = choice;
      candidates.push(candidate);
    }
    return candidates;
  }
}

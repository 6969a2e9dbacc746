import type { GatewayError } from '../errors/index.js';
import { performance } from 'node:perf_hooks';

/**
 * What the request log needs of one exchange beyond its context: the bodies (when
 * content logging is on), when the first streamed event went out, and the error
 * of a stream that failed after it began. Exists only while request logging is on.
 */
export class ExchangeLog {
  readonly #captureContent: boolean;
  readonly #maxChars: number;
  requestBody: string | undefined = undefined;
  responseBody: string | undefined = undefined;
  /** `performance.now()` when the first streamed event was written; 0 before. */
  firstEventAt = 0;
  errorMessage: string | undefined = undefined;
  #transcript = '';

  constructor(captureContent: boolean, maxChars: number) {
    this.#captureContent = captureContent;
    this.#maxChars = maxChars;
  }

  /** The request body as read. */
  request(text: string): void {
    if (this.#captureContent) this.requestBody = text;
  }

  /** A JSON answer's body. */
  response(text: string): void {
    if (this.#captureContent) this.responseBody = text;
  }

  failed(error: GatewayError): void {
    this.errorMessage = error.message;
  }

  /**
   * A streamed item (a normalized chunk or a Responses event) on its way out: the first
   * one's time is the time to first token; text, reasoning and tool-call deltas make up
   * the stream's logged content; an `error` item is the stream's error.
   */
  streamItem(item: { type: string }): void {
    if (this.firstEventAt === 0) this.firstEventAt = performance.now();
    if (item.type === 'error') {
      const failure = item as { error?: { message?: string }; message?: string };
      this.errorMessage = failure.error?.message ?? failure.message ?? 'the stream failed';
      return;
    }
    if (!this.#captureContent || this.#transcript.length >= this.#maxChars) return;
    const text = streamedText(item);
    if (text !== undefined) this.#transcript += text;
  }

  /** The stream's text so far, or `undefined` when nothing was streamed. */
  get transcript(): string | undefined {
    return this.firstEventAt === 0 ? undefined : this.#transcript;
  }
}

/** The fields of stream items (normalized chunks, Responses events) that carry text. */
interface StreamedItem {
  type: string;
  text?: string;
  name?: string;
  arguments?: string;
  delta?: unknown;
}

/** The text an item adds to a stream's transcript. */
function streamedText(item: StreamedItem): string | undefined {
  switch (item.type) {
    case 'text-delta':
    case 'reasoning-delta':
      return item.text;
    case 'tool-call-delta':
      return item.name === undefined ? item.arguments : `[tool call ${item.name}] ${item.arguments ?? ''}`;
    case 'response.output_text.delta':
    case 'response.function_call_arguments.delta':
      return typeof item.delta === 'string' ? item.delta : undefined;
    default:
      return undefined;
  }
}

import type { FinishReason, StreamChunk, Usage } from '../../api/index.js';
import { toAnthropicError } from './to-anthropic-error.js';
import { toAnthropicStopReason } from './to-anthropic-stop-reason.js';
import { toAnthropicUsage } from './to-anthropic-usage.js';

type BlockKind = 'text' | 'thinking' | 'tool_use';

/**
 * Encodes normalized chunks as Anthropic's streamed Messages events, each an SSE
 * `event: <type>` line and its `data:` (https://docs.claude.com/en/docs/build-with-claude/streaming):
 * `message_start`; per content block a `content_block_start`, its deltas
 * (`thinking_delta`, `text_delta`, `input_json_delta` with the tool input's JSON
 * as it arrives) and a `content_block_stop`, blocks numbered from 0 in order;
 * then `message_delta` (stop reason, usage) and `message_stop`. An error after
 * output began is an `error` event. Only the first choice is encoded.
 */
export class AnthropicStreamEncoder {
  /** Index of the open block, -1 when none is. */
  #open = -1;
  #openKind: BlockKind | undefined;
  #blocks = 0;
  /** Tool-call index → its block index. */
  readonly #toolBlocks = new Map<number, number>();
  #started = false;
  #reason: FinishReason | undefined;
  #rawReason: string | undefined;
  #usage: Usage | undefined;

  encode(chunk: StreamChunk): string {
    switch (chunk.type) {
      case 'start':
        if (this.#started) return '';
        this.#started = true;
        return messageStart(chunk.id, chunk.model);
      case 'text-delta':
        if (chunk.choice !== 0 || chunk.text === '') return '';
        return this.#ensureBlock('text') + delta(this.#open, `{"type":"text_delta","text":${JSON.stringify(chunk.text)}}`);
      case 'reasoning-delta':
        if (chunk.choice !== 0 || chunk.text === '') return '';
        return this.#ensureBlock('thinking') + delta(this.#open, `{"type":"thinking_delta","thinking":${JSON.stringify(chunk.text)}}`);
      case 'tool-call-delta': {
        if (chunk.choice !== 0) return '';
        let text = '';
        let block = this.#toolBlocks.get(chunk.index);
        if (block === undefined) {
          text = this.#start() + this.#close() + this.#openBlock('tool_use', chunk.id ?? `toolu_gateway_${chunk.index}`, chunk.name ?? '');
          block = this.#open;
          this.#toolBlocks.set(chunk.index, block);
        }
        if (chunk.arguments !== '') text += delta(block, `{"type":"input_json_delta","partial_json":${JSON.stringify(chunk.arguments)}}`);
        return text;
      }
      case 'finish':
        if (chunk.choice !== 0) return '';
        this.#reason = chunk.reason;
        this.#rawReason = chunk.rawReason;
        return this.#start() + this.#close();
      case 'usage':
        this.#usage = chunk.usage;
        return '';
      case 'error':
        return `event: error\ndata: ${JSON.stringify(toAnthropicError(chunk.error))}\n\n`;
      default:
        return '';
    }
  }

  done(): string {
    const stopReason = toAnthropicStopReason(this.#reason, this.#rawReason, this.#toolBlocks.size > 0);
    const usage = JSON.stringify(toAnthropicUsage(this.#usage));
    return (
      this.#start() +
      this.#close() +
      `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"${stopReason}","stop_sequence":null},"usage":${usage}}\n\n` +
      'event: message_stop\ndata: {"type":"message_stop"}\n\n'
    );
  }

  /** `message_start`, when a stream began without a `start` chunk. */
  #start(): string {
    if (this.#started) return '';
    this.#started = true;
    return messageStart('msg_gateway', '');
  }

  /** Keeps the open block when it is of `kind`; otherwise closes it and opens one. */
  #ensureBlock(kind: 'text' | 'thinking'): string {
    if (this.#openKind === kind) return '';
    return this.#start() + this.#close() + this.#openBlock(kind);
  }

  /** Opens the next block (it becomes the open one) and returns its `content_block_start`. */
  #openBlock(kind: BlockKind, id?: string, name?: string): string {
    const index = this.#blocks++;
    const block =
      kind === 'text' ? '{"type":"text","text":""}'
      : kind === 'thinking' ? '{"type":"thinking","thinking":"","signature":""}'
      : `{"type":"tool_use","id":${JSON.stringify(id)},"name":${JSON.stringify(name)},"input":{}}`;
    this.#open = index;
    this.#openKind = kind;
    return `event: content_block_start\ndata: {"type":"content_block_start","index":${index},"content_block":${block}}\n\n`;
  }

  #close(): string {
    if (this.#open === -1) return '';
    const index = this.#open;
    this.#open = -1;
    this.#openKind = undefined;
    return `event: content_block_stop\ndata: {"type":"content_block_stop","index":${index}}\n\n`;
  }
}

function messageStart(id: string, model: string): string {
  const message = { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
  return `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message })}\n\n`;
}

function delta(index: number, body: string): string {
  return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":${body}}\n\n`;
}

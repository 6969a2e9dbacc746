import { randomUUID } from 'node:crypto';
import type {
  FinishReason,
  ResponsesEvent,
  ResponsesFunctionCall,
  ResponsesOutputItem,
  ResponsesOutputText,
  ResponsesRequest,
  ResponsesResponse,
  StreamChunk,
  ToolCallDeltaChunk,
  Usage,
} from '../api/index.js';
import { type ResponseShell, toResponseShell, toResponsesUsage } from './response-shell.js';

interface OpenText {
  index: number;
  id: string;
  text: string;
}

interface OpenCall {
  index: number;
  id: string;
  callId: string;
  name: string;
  arguments: string;
}

type ItemStatus = 'completed' | 'incomplete';

/**
 * Encodes normalized chunks (of choice 0) as Responses API events, the sequence
 * OpenAI streams: `response.created` and `response.in_progress` on `start`; per
 * output item `response.output_item.added`, its deltas (`response.output_text.delta`
 * in a `content_part`, `response.reasoning_summary_text.delta` in a summary part,
 * `response.function_call_arguments.delta`), their `.done` events and
 * `response.output_item.done`; and at `end()` `response.completed` (or
 * `response.incomplete` when the answer was cut by the token limit or a content
 * filter). An `error` chunk becomes an `error` event. Every event carries a
 * `sequence_number`; a text or reasoning item is closed when another item starts,
 * function calls when the response ends (their deltas may interleave).
 */
export class ResponsesEventEncoder {
  readonly #shell: ResponseShell;
  readonly #id: string;
  readonly #itemBase: string;
  #created = Math.floor(Date.now() / 1000);
  #model = '';
  #sequence = 0;
  readonly #output: ResponsesOutputItem[] = [];
  #message: OpenText | undefined;
  #reasoning: OpenText | undefined;
  readonly #calls = new Map<number, OpenCall>();
  #finish: FinishReason | undefined;
  #usage: Usage | undefined;
  #final: ResponsesResponse | undefined;
  #failed = false;

  /** `id` (without its `resp_` prefix) names the response and its items; a random one by default. */
  constructor(request: ResponsesRequest, id: string = randomUUID().replaceAll('-', '')) {
    this.#shell = toResponseShell(request);
    this.#id = `resp_${id}`;
    this.#itemBase = id;
  }

  /** Whether an `error` chunk was encoded (the stream then ends without `end()`). */
  get failed(): boolean {
    return this.#failed;
  }

  encode(chunk: StreamChunk): ResponsesEvent[] {
    const events: ResponsesEvent[] = [];
    switch (chunk.type) {
      case 'start':
        this.#created = chunk.created;
        this.#model = chunk.model;
        events.push(this.#lifecycle('response.created', 'in_progress'), this.#lifecycle('response.in_progress', 'in_progress'));
        break;
      case 'text-delta': {
        if (chunk.choice !== 0 || chunk.text === '') break;
        const message = this.#message ?? this.#openMessage(events);
        message.text += chunk.text;
        events.push(this.#event('response.output_text.delta', { item_id: message.id, output_index: message.index, content_index: 0, delta: chunk.text, logprobs: [] }));
        break;
      }
      case 'reasoning-delta': {
        if (chunk.choice !== 0 || chunk.text === '') break;
        const reasoning = this.#reasoning ?? this.#openReasoning(events);
        reasoning.text += chunk.text;
        events.push(this.#event('response.reasoning_summary_text.delta', { item_id: reasoning.id, output_index: reasoning.index, summary_index: 0, delta: chunk.text }));
        break;
      }
      case 'tool-call-delta': {
        if (chunk.choice !== 0) break;
        const call = this.#calls.get(chunk.index) ?? this.#openCall(chunk, events);
        if (chunk.arguments === '') break;
        call.arguments += chunk.arguments;
        events.push(this.#event('response.function_call_arguments.delta', { item_id: call.id, output_index: call.index, delta: chunk.arguments }));
        break;
      }
      case 'finish':
        if (chunk.choice === 0) this.#finish = chunk.reason;
        break;
      case 'usage':
        this.#usage = chunk.usage;
        break;
      case 'error':
        this.#failed = true;
        events.push(this.#event('error', { code: chunk.error.code, message: chunk.error.message, param: chunk.error.param ?? null }));
        break;
    }
    return events;
  }

  /** Closes the open items and ends the response (`response.completed` or `response.incomplete`). */
  end(): ResponsesEvent[] {
    const events: ResponsesEvent[] = [];
    const incomplete = this.#finish === 'length' || this.#finish === 'content_filter';
    const status: ItemStatus = incomplete ? 'incomplete' : 'completed';
    this.#closeMessage(events, status);
    this.#closeReasoning(events);
    for (const call of this.#calls.values()) this.#closeCall(call, events, status);
    this.#calls.clear();
    const final = this.#snapshot(status);
    if (incomplete) final.incomplete_details = { reason: this.#finish === 'length' ? 'max_output_tokens' : 'content_filter' };
    if (this.#usage) final.usage = toResponsesUsage(this.#usage);
    this.#final = final;
    events.push(this.#event(incomplete ? 'response.incomplete' : 'response.completed', { response: final }));
    return events;
  }

  /** The whole response, once `end()` was called. */
  response(): ResponsesResponse {
    if (!this.#final) throw new Error('ResponsesEventEncoder.response() called before end()');
    return this.#final;
  }

  #openMessage(events: ResponsesEvent[]): OpenText {
    this.#closeReasoning(events);
    const index = this.#output.length;
    const id = `msg_${this.#itemBase}_${index}`;
    const item: ResponsesOutputItem = { type: 'message', id, status: 'in_progress', role: 'assistant', content: [] };
    this.#output.push(item);
    events.push(this.#event('response.output_item.added', { output_index: index, item }));
    events.push(this.#event('response.content_part.added', { item_id: id, output_index: index, content_index: 0, part: outputText('') }));
    return (this.#message = { index, id, text: '' });
  }

  #closeMessage(events: ResponsesEvent[], status: ItemStatus = 'completed'): void {
    const message = this.#message;
    if (!message) return;
    this.#message = undefined;
    const { id, index, text } = message;
    const part = outputText(text);
    events.push(this.#event('response.output_text.done', { item_id: id, output_index: index, content_index: 0, text, logprobs: [] }));
    events.push(this.#event('response.content_part.done', { item_id: id, output_index: index, content_index: 0, part }));
    const item: ResponsesOutputItem = { type: 'message', id, status, role: 'assistant', content: [part] };
    this.#output[index] = item;
    events.push(this.#event('response.output_item.done', { output_index: index, item }));
  }

  #openReasoning(events: ResponsesEvent[]): OpenText {
    this.#closeMessage(events);
    const index = this.#output.length;
    const id = `rs_${this.#itemBase}_${index}`;
    const item: ResponsesOutputItem = { type: 'reasoning', id, summary: [] };
    this.#output.push(item);
    events.push(this.#event('response.output_item.added', { output_index: index, item }));
    events.push(this.#event('response.reasoning_summary_part.added', { item_id: id, output_index: index, summary_index: 0, part: { type: 'summary_text', text: '' } }));
    return (this.#reasoning = { index, id, text: '' });
  }

  #closeReasoning(events: ResponsesEvent[]): void {
    const reasoning = this.#reasoning;
    if (!reasoning) return;
    this.#reasoning = undefined;
    const { id, index, text } = reasoning;
    const part = { type: 'summary_text' as const, text };
    events.push(this.#event('response.reasoning_summary_text.done', { item_id: id, output_index: index, summary_index: 0, text }));
    events.push(this.#event('response.reasoning_summary_part.done', { item_id: id, output_index: index, summary_index: 0, part }));
    const item: ResponsesOutputItem = { type: 'reasoning', id, summary: [part] };
    this.#output[index] = item;
    events.push(this.#event('response.output_item.done', { output_index: index, item }));
  }

  #openCall(chunk: ToolCallDeltaChunk, events: ResponsesEvent[]): OpenCall {
    this.#closeMessage(events);
    this.#closeReasoning(events);
    const index = this.#output.length;
    const call: OpenCall = { index, id: `fc_${this.#itemBase}_${index}`, callId: chunk.id ?? `call_${this.#itemBase}_${index}`, name: chunk.name ?? '', arguments: '' };
    const item: ResponsesFunctionCall = { type: 'function_call', id: call.id, status: 'in_progress', call_id: call.callId, name: call.name, arguments: '' };
    this.#output.push(item);
    this.#calls.set(chunk.index, call);
    events.push(this.#event('response.output_item.added', { output_index: index, item }));
    return call;
  }

  #closeCall(call: OpenCall, events: ResponsesEvent[], status: ItemStatus): void {
    const { id, index, name } = call;
    events.push(this.#event('response.function_call_arguments.done', { item_id: id, output_index: index, name, arguments: call.arguments }));
    const item: ResponsesFunctionCall = { type: 'function_call', id, status, call_id: call.callId, name, arguments: call.arguments };
    this.#output[index] = item;
    events.push(this.#event('response.output_item.done', { output_index: index, item }));
  }

  #lifecycle(type: string, status: string): ResponsesEvent {
    return this.#event(type, { response: this.#snapshot(status) });
  }

  #snapshot(status: string): ResponsesResponse {
    return { id: this.#id, object: 'response', created_at: this.#created, status, ...this.#shell, model: this.#model, output: [...this.#output], usage: null };
  }

  #event(type: string, fields: Record<string, unknown>): ResponsesEvent {
    return { type, sequence_number: this.#sequence++, ...fields };
  }
}

function outputText(text: string): ResponsesOutputText {
  return { type: 'output_text', annotations: [], text };
}

import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import type { ResponsesEvent, ResponsesRequest, StreamChunk } from '../api/index.js';
import { errors } from '../errors/index.js';
import { ResponsesEventEncoder } from './responses-event-encoder.js';

const request: ResponsesRequest = { model: 'p/m', input: 'hi' };
const start: StreamChunk = { type: 'start', id: 'chatcmpl-1', model: 'm', created: 42 };
const usage: StreamChunk = {
  type: 'usage',
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 2 } },
};

function run(chunks: StreamChunk[], req: ResponsesRequest = request): { events: ResponsesEvent[]; encoder: ResponsesEventEncoder } {
  const encoder = new ResponsesEventEncoder(req, 'abc');
  const events = chunks.flatMap((chunk) => encoder.encode(chunk));
  if (!encoder.failed) events.push(...encoder.end());
  return { events, encoder };
}

/** Feeds the events to the official SDK's accumulator (which throws on an inconsistent sequence) up to the final one. */
function assemble(events: ResponsesEvent[]): Response {
  let snapshot: Response | undefined;
  for (const event of events.slice(0, -1)) snapshot = accumulateResponse(event as unknown as ResponseStreamEvent, snapshot);
  return snapshot!;
}

describe('ResponsesEventEncoder', () => {
  it('encodes a text answer as the Responses event sequence, numbered from 0', () => {
    const { events, encoder } = run([start, { type: 'text-delta', choice: 0, text: 'Hel' }, { type: 'text-delta', choice: 0, text: 'lo' }, { type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' }, usage]);

    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events[0]).toMatchObject({ response: { id: 'resp_abc', object: 'response', created_at: 42, model: 'm', status: 'in_progress', output: [], usage: null } });
    expect(events[4]).toEqual({ type: 'response.output_text.delta', sequence_number: 4, item_id: 'msg_abc_0', output_index: 0, content_index: 0, delta: 'Hel', logprobs: [] });
    expect(events[6]).toMatchObject({ type: 'response.output_text.done', text: 'Hello' });
    const response = encoder.response();
    expect(response).toMatchObject({
      status: 'completed',
      incomplete_details: null,
      output: [{ type: 'message', id: 'msg_abc_0', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello', annotations: [] }] }],
      usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 15 },
    });
    expect(events.at(-1)).toEqual({ type: 'response.completed', sequence_number: 9, response });
    expect(assemble(events).output).toEqual(response.output);
  });

  it('restates the request in the response, with OpenAI defaults for what it left out', () => {
    const tools = [{ type: 'function', name: 'f', parameters: {}, strict: true }];
    const { encoder } = run([start], { ...request, instructions: 'Be brief', tools, tool_choice: 'required', temperature: 0.3, max_output_tokens: 50, reasoning: { effort: 'low' } });

    expect(encoder.response()).toMatchObject({
      instructions: 'Be brief',
      tools,
      tool_choice: 'required',
      temperature: 0.3,
      top_p: null,
      max_output_tokens: 50,
      reasoning: { effort: 'low', summary: null },
      parallel_tool_calls: true,
      text: { format: { type: 'text' } },
      store: false,
      previous_response_id: null,
      output: [],
    });
  });

  it('puts reasoning in a reasoning item with summary text, closed when the answer text starts', () => {
    const { events, encoder } = run([start, { type: 'reasoning-delta', choice: 0, text: 'Think' }, { type: 'reasoning-delta', choice: 0, text: 'ing.' }, { type: 'text-delta', choice: 0, text: 'Answer' }]);

    expect(events.slice(2, 9).map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    expect(events[4]).toMatchObject({ item_id: 'rs_abc_0', output_index: 0, summary_index: 0, delta: 'Think' });
    expect(encoder.response().output).toEqual([
      { type: 'reasoning', id: 'rs_abc_0', summary: [{ type: 'summary_text', text: 'Thinking.' }] },
      { type: 'message', id: 'msg_abc_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Answer', annotations: [] }] },
    ]);
    expect(assemble(events).output).toEqual(encoder.response().output);
  });

  it('makes each tool call a function_call item, even when the argument deltas of parallel calls interleave', () => {
    const { events, encoder } = run([
      start,
      { type: 'text-delta', choice: 0, text: 'Let me check.' },
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'call_a', name: 'weather', arguments: '{"city":' },
      { type: 'tool-call-delta', choice: 0, index: 1, id: 'call_b', name: 'time', arguments: '' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '"Paris"}' },
      { type: 'tool-call-delta', choice: 0, index: 1, arguments: '{}' },
      { type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'tool_calls' },
    ]);

    const deltas = events.filter((event) => event.type === 'response.function_call_arguments.delta');
    expect(deltas.map(({ item_id, output_index, delta }) => ({ item_id, output_index, delta }))).toEqual([
      { item_id: 'fc_abc_1', output_index: 1, delta: '{"city":' },
      { item_id: 'fc_abc_1', output_index: 1, delta: '"Paris"}' },
      { item_id: 'fc_abc_2', output_index: 2, delta: '{}' },
    ]);
    expect(events.filter((event) => event.type === 'response.function_call_arguments.done')).toMatchObject([
      { item_id: 'fc_abc_1', name: 'weather', arguments: '{"city":"Paris"}' },
      { item_id: 'fc_abc_2', name: 'time', arguments: '{}' },
    ]);
    expect(encoder.response().output.slice(1)).toEqual([
      { type: 'function_call', id: 'fc_abc_1', status: 'completed', call_id: 'call_a', name: 'weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', id: 'fc_abc_2', status: 'completed', call_id: 'call_b', name: 'time', arguments: '{}' },
    ]);
    expect(encoder.response().status).toBe('completed');
    expect(assemble(events).output).toEqual(encoder.response().output);
  });

  it('ends a response cut by the token limit as incomplete, reason max_output_tokens', () => {
    const { events, encoder } = run([start, { type: 'text-delta', choice: 0, text: 'Once upon' }, { type: 'finish', choice: 0, reason: 'length', rawReason: 'max_tokens' }]);

    expect(events.at(-1)?.type).toBe('response.incomplete');
    expect(encoder.response()).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ status: 'incomplete' }] });
  });

  it('ends a filtered response as incomplete, reason content_filter', () => {
    const { encoder } = run([start, { type: 'finish', choice: 0, reason: 'content_filter', rawReason: 'SAFETY' }]);

    expect(encoder.response()).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
  });

  it('turns an error chunk into an error event, and ends there', () => {
    const { events, encoder } = run([start, { type: 'text-delta', choice: 0, text: 'Hi' }, { type: 'error', error: errors.rateLimited('p', 'slow down') }]);

    expect(encoder.failed).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'error', sequence_number: events.length - 1, code: 'rate_limited', message: 'p is rate limiting requests: slow down', param: null });
    expect(() => encoder.response()).toThrow();
  });

  it('ignores choices other than the first (the Responses API has one answer)', () => {
    const { encoder } = run([start, { type: 'text-delta', choice: 1, text: 'other' }, { type: 'text-delta', choice: 0, text: 'first' }]);

    expect(encoder.response().output).toMatchObject([{ content: [{ text: 'first' }] }]);
  });
});

import type { Completion } from 'openai/resources/completions';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { FakeReply } from './openai-wire.js';

/**
 * OpenAI's legacy completions and Responses API wire formats as the fake upstream
 * writes them, typed against the official SDK's types
 * (https://platform.openai.com/docs/api-reference/completions, .../responses).
 */

const created = 1_735_689_600;

/** A stream event before it is numbered. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'sequence_number'> : never;

/** A `text_completion` answering `body`: the reply's text once per prompt. */
export function toCompletion(id: string, body: any, reply: FakeReply): Completion {
  const prompts: unknown[] = Array.isArray(body?.prompt) && typeof body.prompt[0] === 'string' ? body.prompt : [body?.prompt];
  const text = reply.deltas.join('');
  return {
    id,
    object: 'text_completion',
    created,
    model: body.model,
    system_fingerprint: 'fp_fake',
    choices: prompts.map((_, index) => ({ index, text, logprobs: null, finish_reason: 'stop' as const })),
    usage: { prompt_tokens: 4 * prompts.length, completion_tokens: reply.deltas.length * prompts.length, total_tokens: (4 + reply.deltas.length) * prompts.length },
  };
}

/** The `data:` payloads of a streamed text completion (one prompt), usage on request, and `[DONE]`. */
export function toCompletionEvents(id: string, body: any, reply: FakeReply): string[] {
  const chunk = (choices: Completion['choices'], extra: Partial<Completion> = {}) =>
    JSON.stringify({ id, object: 'text_completion', created, model: body.model, choices, ...extra } satisfies Completion);
  const events = reply.deltas.map((text) => chunk([{ index: 0, text, logprobs: null, finish_reason: null as never }]));
  events.push(chunk([{ index: 0, text: '', logprobs: null, finish_reason: 'stop' }]));
  if (body.stream_options?.include_usage === true) {
    events.push(chunk([], { usage: { prompt_tokens: 4, completion_tokens: reply.deltas.length, total_tokens: 4 + reply.deltas.length } }));
  }
  events.push('[DONE]');
  return events;
}

/** A `response` answering `body`: one message with the reply's text, then its function calls. */
export function toResponse(id: string, body: any, reply: FakeReply, status: 'in_progress' | 'completed' = 'completed'): Response {
  const text = reply.deltas.join('');
  const output: Response['output'] = [];
  if (status === 'completed') {
    if (text !== '') {
      output.push({ id: `msg_${id}`, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] });
    }
    reply.toolCalls.forEach((call, index) =>
      output.push({ id: `fc_${id}_${index}`, type: 'function_call', status: 'completed', call_id: call.id, name: call.name, arguments: call.arguments }),
    );
  }
  return {
    id,
    object: 'response',
    created_at: created,
    status,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    metadata: {},
    model: body.model,
    output,
    output_text: undefined as never,
    parallel_tool_calls: true,
    temperature: body.temperature ?? 1,
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    usage:
      status === 'completed'
        ? { input_tokens: 7, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: reply.deltas.length, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 7 + reply.deltas.length }
        : undefined,
  };
}

/** The events of a streamed response, in the order OpenAI sends them, each `{ event, data }`. */
export function toResponseEvents(id: string, body: any, reply: FakeReply): { event: string; data: string }[] {
  const events: ResponseStreamEvent[] = [];
  let sequence = 0;
  const push = (event: Unnumbered<ResponseStreamEvent>) => events.push({ ...event, sequence_number: sequence++ } as ResponseStreamEvent);
  const pending = strip(toResponse(id, body, reply, 'in_progress'));
  push({ type: 'response.created', response: pending });
  push({ type: 'response.in_progress', response: pending });
  const final = strip(toResponse(id, body, reply));
  final.output.forEach((item, index) => {
    if (item.type === 'message') {
      const itemId = item.id;
      const text = reply.deltas.join('');
      push({ type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress', content: [] } });
      push({ type: 'response.content_part.added', item_id: itemId, output_index: index, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
      for (const delta of reply.deltas) push({ type: 'response.output_text.delta', item_id: itemId, output_index: index, content_index: 0, delta, logprobs: [] });
      push({ type: 'response.output_text.done', item_id: itemId, output_index: index, content_index: 0, text, logprobs: [] });
      push({ type: 'response.content_part.done', item_id: itemId, output_index: index, content_index: 0, part: { type: 'output_text', text, annotations: [], logprobs: [] } });
    } else if (item.type === 'function_call') {
      push({ type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress', arguments: '' } });
      const itemId = item.id!;
      for (let at = 0; at < item.arguments.length; at += reply.argumentFragmentLength) {
        push({ type: 'response.function_call_arguments.delta', item_id: itemId, output_index: index, delta: item.arguments.slice(at, at + reply.argumentFragmentLength) });
      }
      push({ type: 'response.function_call_arguments.done', item_id: itemId, output_index: index, name: item.name, arguments: item.arguments });
    }
    push({ type: 'response.output_item.done', output_index: index, item });
  });
  push({ type: 'response.completed', response: final });
  return events.map((event) => ({ event: event.type, data: JSON.stringify(event) }));
}

/** The `error` event OpenAI sends when a streamed response fails. */
export function toResponseErrorEvent(message: string, code: string | null, sequence: number): { event: string; data: string } {
  return { event: 'error', data: JSON.stringify({ type: 'error', code, message, param: null, sequence_number: sequence } satisfies ResponseStreamEvent) };
}

/** The SDK type's `output_text` is the SDK's own convenience; the wire has none. */
function strip(response: Response): Response {
  const { output_text: _omitted, ...wire } = response;
  return wire as Response;
}

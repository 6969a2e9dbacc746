import type { ScriptedErrorKind, ScriptedReply } from '../conformance/kit.js';

/**
 * Writes provider-neutral scripts in Cohere's v2 wire format
 * (https://docs.cohere.com/v2/reference/chat, https://docs.cohere.com/v2/docs/streaming):
 * chat answers, streams of events and error answers.
 */

/** Cohere's finish reason for each scripted one. Cohere has no content-filter finish. */
const finishReasons: Record<Exclude<ScriptedReply['finish'], 'content_filter'>, string> = {
  stop: 'COMPLETE',
  stop_sequence: 'STOP_SEQUENCE',
  length: 'MAX_TOKENS',
  tool_calls: 'TOOL_CALL',
};

function finishOf(reply: ScriptedReply): string {
  if (reply.finish === 'content_filter') throw new Error('Cohere has no content-filter finish reason; the kit skips that scenario');
  return finishReasons[reply.finish];
}

/**
 * Status and `{"message"}` body of each error kind, as https://docs.cohere.com/v2/reference/errors
 * shows them. Cohere documents no content-policy error; that one is worded as the adapter reads it.
 */
export const cohereErrorAnswers: Record<ScriptedErrorKind, { status: number; message: string }> = {
  'rate-limit': { status: 429, message: 'You are using a Trial key, which is limited to 20 API calls / minute.' },
  overloaded: { status: 503, message: 'service unavailable, please try again later' },
  auth: { status: 401, message: 'invalid api token' },
  'context-length': { status: 400, message: 'too many tokens: total number of tokens in the prompt cannot exceed 256000 - received 270412.' },
  'content-policy': { status: 400, message: 'invalid request: the request was blocked by the content filter' },
  'server-error': { status: 500, message: 'internal server error, this has been reported to our developers' },
};

/** The `delta.error` of a `message-end` that failed, for each kind. */
export const cohereStreamFailures: Record<ScriptedErrorKind, string> = {
  'rate-limit': 'rate limit exceeded',
  overloaded: 'the model is overloaded, please try again later',
  auth: 'internal server error, this has been reported to our developers',
  'context-length': 'too many tokens: size limit exceeded',
  'content-policy': 'output blocked by the content filter',
  'server-error': 'internal server error, this has been reported to our developers',
};

function usageOf(reply: ScriptedReply) {
  const { prompt, completion, cachedPrompt } = reply.usage;
  return {
    billed_units: { input_tokens: prompt, output_tokens: completion },
    tokens: { input_tokens: prompt, output_tokens: completion },
    ...(cachedPrompt === undefined ? {} : { cached_tokens: cachedPrompt }),
  };
}

function toolCallsOf(reply: ScriptedReply) {
  return (reply.toolCalls ?? []).map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }));
}

/** A `POST /v2/chat` answer without streaming. Text next to tool calls is the `tool_plan`, as Cohere writes it. */
export function toCohereAnswer(id: string, reply: ScriptedReply): Record<string, unknown> {
  const toolCalls = toolCallsOf(reply);
  const content: Array<Record<string, string>> = [];
  if (reply.reasoning) content.push({ type: 'thinking', thinking: reply.reasoning });
  if (reply.text && toolCalls.length === 0) content.push({ type: 'text', text: reply.text });
  const message = {
    role: 'assistant',
    ...(toolCalls.length > 0 && reply.text ? { tool_plan: reply.text } : {}),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    content,
  };
  return { id, finish_reason: finishOf(reply), message, usage: usageOf(reply) };
}

/** An SSE event as Cohere sends it: named by its type. */
export type CohereSseEvent = { event: string; data: string };

const event = (data: Record<string, unknown> & { type: string }): CohereSseEvent => ({ event: data.type, data: JSON.stringify(data) });
const pieces = (text: string, size: number): string[] => text.match(new RegExp(`[^]{1,${size}}`, 'gu')) ?? [];

/** The opening of every stream: `message-start`. */
export function cohereMessageStart(id: string): CohereSseEvent {
  return event({ id, type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } });
}

/** A content block (`text` or `thinking`) at `index`, its text in small deltas. */
export function cohereContentBlock(index: number, kind: 'text' | 'thinking', text: string): CohereSseEvent[] {
  return [
    event({ type: 'content-start', index, delta: { message: { content: { type: kind, [kind]: '' } } } }),
    ...pieces(text, 4).map((piece) => event({ type: 'content-delta', index, delta: { message: { content: { [kind]: piece } } } })),
    event({ type: 'content-end', index }),
  ];
}

/** A whole stream for a reply: thinking, text (or tool plan), tool calls with argument deltas, `message-end`, `[DONE]`. */
export function toCohereStreamEvents(id: string, reply: ScriptedReply): Array<CohereSseEvent | { data: string }> {
  const events: Array<CohereSseEvent | { data: string }> = [cohereMessageStart(id)];
  const toolCalls = toolCallsOf(reply);
  let index = 0;
  if (reply.reasoning) events.push(...cohereContentBlock(index++, 'thinking', reply.reasoning));
  if (reply.text && toolCalls.length === 0) events.push(...cohereContentBlock(index++, 'text', reply.text));
  if (reply.text && toolCalls.length > 0) {
    for (const piece of pieces(reply.text, 4)) events.push(event({ type: 'tool-plan-delta', delta: { message: { tool_plan: piece } } }));
  }
  toolCalls.forEach((call, at) => {
    events.push(event({ type: 'tool-call-start', index: at, delta: { message: { tool_calls: { ...call, function: { name: call.function.name, arguments: '' } } } } }));
    for (const piece of pieces(call.function.arguments, 5)) events.push(event({ type: 'tool-call-delta', index: at, delta: { message: { tool_calls: { function: { arguments: piece } } } } }));
    events.push(event({ type: 'tool-call-end', index: at }));
  });
  events.push(event({ type: 'message-end', delta: { finish_reason: finishOf(reply), usage: usageOf(reply) } }));
  events.push({ data: '[DONE]' });
  return events;
}

/** The start of a stream that has sent `textBefore` in one delta (a stall stops there). */
export function cohereStreamStart(id: string, textBefore: string): CohereSseEvent[] {
  return [
    cohereMessageStart(id),
    event({ type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } }),
    event({ type: 'content-delta', index: 0, delta: { message: { content: { text: textBefore } } } }),
  ];
}

/** A stream that fails after `textBefore`: `message-end` with `finish_reason: "ERROR"` and the error's wording. */
export function toCohereFailedStream(id: string, textBefore: string, kind: ScriptedErrorKind): CohereSseEvent[] {
  return [...cohereStreamStart(id, textBefore), event({ type: 'message-end', delta: { error: cohereStreamFailures[kind], finish_reason: 'ERROR' } })];
}

import type { ReceivedMessage, ReceivedRequest, ScriptedErrorKind, ScriptedReply } from '../conformance/kit.js';

/**
 * Anthropic's Messages wire format as the fake upstream writes and reads it
 * (https://docs.claude.com/en/api/messages, https://docs.claude.com/en/docs/build-with-claude/streaming),
 * shaped like recorded responses: provider-neutral scripts in, native JSON and SSE events out.
 */

/** The tool through which the gateway asks Anthropic for plain JSON (`response_format: json_object`). */
export const jsonToolName = 'emit_json_response';

/** Each neutral finish as Anthropic's `stop_reason`. */
export const stopReasons: Record<ScriptedReply['finish'], string> = {
  stop: 'end_turn',
  stop_sequence: 'stop_sequence',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

/** An Anthropic error body, `{type: "error", error: {type, message}, request_id}`. */
export const anthropicErrorBody = (type: string, message: string) => ({ type: 'error', error: { type, message }, request_id: 'req_011CFakeUpstream' });

/** Each error kind as Anthropic answers it: status, error type and message. https://docs.claude.com/en/api/errors */
export const errorAnswers: Record<ScriptedErrorKind, { status: number; type: string; message: string; headers?: Record<string, string> }> = {
  'rate-limit': { status: 429, type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit', headers: { 'retry-after': '3' } },
  overloaded: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  auth: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' },
  'context-length': { status: 400, type: 'invalid_request_error', message: 'prompt is too long: 208191 tokens > 200000 maximum' },
  'content-policy': { status: 400, type: 'invalid_request_error', message: 'Output blocked by content filtering policy' },
  'server-error': { status: 500, type: 'api_error', message: 'Internal server error' },
};

/** Anthropic counts cache reads apart from `input_tokens`; thinking is part of `output_tokens`. */
export function usageOf(reply: ScriptedReply): Record<string, unknown> {
  const cached = reply.usage.cachedPrompt ?? 0;
  const usage: Record<string, unknown> = {
    input_tokens: reply.usage.prompt - cached,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: reply.usage.completion,
    service_tier: 'standard',
  };
  if (reply.usage.reasoning !== undefined) usage.output_tokens_details = { thinking_tokens: reply.usage.reasoning };
  return usage;
}

/** The content blocks of a reply; with `jsonTool`, the text is the input of a call to the JSON tool. */
export function contentOf(reply: ScriptedReply, jsonTool: boolean): Array<Record<string, unknown>> {
  const content: Array<Record<string, unknown>> = [];
  if (reply.reasoning) content.push({ type: 'thinking', thinking: reply.reasoning, signature: 'EqQBCgIYAhIMFakeSignature' });
  if (reply.text && jsonTool) content.push({ type: 'tool_use', id: 'toolu_01FakeJson', name: jsonToolName, input: JSON.parse(reply.text) });
  else if (reply.text) content.push({ type: 'text', text: reply.text });
  for (const call of reply.toolCalls ?? []) content.push({ type: 'tool_use', id: `toolu_01${call.id}`, name: call.name, input: JSON.parse(call.arguments) });
  return content;
}

/** A complete `message`. */
export function toMessage(reply: ScriptedReply, id: string, model: string, jsonTool: boolean): Record<string, unknown> {
  const json = jsonTool && reply.text !== undefined;
  return {
    model,
    id,
    type: 'message',
    role: 'assistant',
    content: contentOf(reply, jsonTool),
    stop_reason: json ? 'tool_use' : stopReasons[reply.finish],
    stop_sequence: reply.finish === 'stop_sequence' ? 'END' : null,
    usage: usageOf(reply),
  };
}

/** An SSE event of Anthropic's stream: the `event:` name is the data's `type`. */
export const event = (data: Record<string, unknown>) => ({ event: String(data.type), data: JSON.stringify(data) });

/** `message_start`, as it opens every stream. */
export function messageStart(id: string, model: string, reply: ScriptedReply | undefined): { event: string; data: string } {
  const usage = reply ? { ...usageOf(reply), output_tokens: 1 } : { input_tokens: 9, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 };
  return event({ type: 'message_start', message: { model, id, type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null, usage } });
}

/** The events of a streamed message: each block started, streamed in small deltas, and stopped; then `message_delta` and `message_stop`. */
export function toStreamEvents(reply: ScriptedReply, id: string, model: string, jsonTool: boolean): Array<{ event: string; data: string }> {
  const events = [messageStart(id, model, reply)];
  contentOf(reply, jsonTool).forEach((block, index) => {
    if (block.type === 'thinking') {
      events.push(event({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const piece of pieces(String(block.thinking), 6)) events.push(event({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } }));
      events.push(event({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } }));
    } else if (block.type === 'text') {
      events.push(event({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
      for (const piece of pieces(String(block.text), 4)) events.push(event({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }));
    } else {
      events.push(event({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }));
      events.push(event({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }));
      for (const piece of pieces(JSON.stringify(block.input), 5)) events.push(event({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }));
    }
    events.push(event({ type: 'content_block_stop', index }));
    if (index === 0) events.push(event({ type: 'ping' }));
  });
  const message = toMessage(reply, id, model, jsonTool);
  const usage = usageOf(reply);
  events.push(event({ type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence }, usage: { output_tokens: usage.output_tokens, ...(usage.output_tokens_details ? { output_tokens_details: usage.output_tokens_details } : {}) } }));
  events.push(event({ type: 'message_stop' }));
  return events;
}

function pieces(text: string, size: number): string[] {
  return text.match(new RegExp(`.{1,${size}}`, 'gs')) ?? [];
}

/** Reads a Messages body back into neutral terms. */
export function readAnthropicRequest(body: Record<string, any>, headers: ReceivedRequest['headers']): ReceivedRequest {
  const system = typeof body.system === 'string' ? body.system : Array.isArray(body.system) ? body.system.map((block: any) => block.text).join('\n') : undefined;
  const tools: any[] = body.tools ?? [];
  const choice = body.tool_choice;
  return {
    model: body.model,
    stream: body.stream === true,
    system,
    messages: (body.messages ?? []).map(readMessage),
    tools: tools.filter((tool) => tool.name !== jsonToolName).map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.input_schema })),
    toolChoice:
      choice === undefined || (choice.type === 'tool' && choice.name === jsonToolName) ? undefined
      : choice.type === 'tool' ? { name: choice.name }
      : ({ auto: 'auto', any: 'required', none: 'none' } as const)[choice.type as 'auto' | 'any' | 'none'],
    stop: body.stop_sequences,
    maxTokens: body.max_tokens,
    temperature: body.temperature,
    topP: body.top_p,
    jsonSchema: body.output_config?.format?.schema,
    jsonObject: tools.some((tool) => tool.name === jsonToolName),
    headers,
  };
}

function readMessage(message: { role: 'user' | 'assistant'; content: unknown }): ReceivedMessage {
  const received: ReceivedMessage = { role: message.role, text: '', images: [], toolCalls: [], toolResults: [] };
  if (typeof message.content === 'string') return { ...received, text: message.content };
  const texts: string[] = [];
  for (const block of message.content as Array<Record<string, any>>) {
    if (block.type === 'text') texts.push(block.text);
    else if (block.type === 'image') received.images.push(block.source.type === 'base64' ? { mediaType: block.source.media_type, base64: block.source.data } : { url: block.source.url });
    else if (block.type === 'tool_use') received.toolCalls.push({ id: block.id, name: block.name, arguments: block.input });
    else if (block.type === 'tool_result') {
      const content = typeof block.content === 'string' ? block.content : (block.content ?? []).map((part: any) => part.text ?? '').join('\n');
      received.toolResults.push({ id: block.tool_use_id, content });
    }
  }
  received.text = texts.join('\n');
  return received;
}

import type { ServerResponse } from 'node:http';
import { startFakeServer, writeJson, writeSse, type RecordedRequest } from './fake-server.js';
import type { ConformanceUpstream, ReceivedMessage, ReceivedRequest, Script, ScriptedErrorKind, ScriptedReply } from './kit.js';

/**
 * A conformance upstream speaking OpenAI's Chat Completions wire format
 * (https://platform.openai.com/docs/api-reference/chat), for every provider of the
 * OpenAI-compatible family. It answers any `POST` whose path ends in
 * `/chat/completions`; `modelOf` reads the model where a provider puts it elsewhere
 * (Azure: the deployment in the path).
 */
export async function startOpenAIWireUpstream(options: { modelOf?: (request: RecordedRequest) => string } = {}): Promise<ConformanceUpstream> {
  const queue: Script[] = [];
  const received: ReceivedRequest[] = [];
  const server = await startFakeServer((request, res) => {
    if (request.method !== 'POST' || !request.url.split('?')[0]!.endsWith('/chat/completions')) {
      return writeJson(res, 404, { error: { message: `no route ${request.method} ${request.url}`, type: 'invalid_request_error' } });
    }
    const body = request.body as Record<string, unknown>;
    received.push(readOpenAIWireRequest(request, options.modelOf?.(request) ?? String(body.model)));
    const script = queue.shift() ?? { kind: 'reply', text: 'Hello there!', finish: 'stop', usage: { prompt: 9, completion: 3 } };
    answer(res, script, body.stream === true, String(body.model ?? 'model'));
  });
  return {
    url: server.url,
    enqueue: (script) => void queue.push(script),
    received: () => received,
    nextAbort: () => server.nextAbort(),
    close: () => server.close(),
  };
}

/** Reads an OpenAI-wire chat request back into neutral terms; `model` is where the provider put it. */
export function readOpenAIWireRequest(request: RecordedRequest, model: string): ReceivedRequest {
  const body = request.body as Record<string, any>;
  const system: string[] = [];
  const messages: ReceivedMessage[] = [];
  for (const message of body.messages as Array<Record<string, any>>) {
    const { text, images } = readContent(message.content);
    if (message.role === 'system' || message.role === 'developer') {
      system.push(text);
      continue;
    }
    messages.push({
      role: message.role,
      text: message.role === 'tool' ? '' : text,
      images,
      toolCalls: (message.tool_calls ?? []).map((call: any) => ({ id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) })),
      toolResults: message.role === 'tool' ? [{ id: message.tool_call_id, content: text }] : [],
    });
  }
  const toolChoice = body.tool_choice;
  const stop = body.stop;
  return {
    model,
    stream: body.stream === true,
    system: system.length > 0 ? system.join('\n') : undefined,
    messages,
    tools: (body.tools ?? []).map((tool: any) => ({ name: tool.function.name, description: tool.function.description, parameters: tool.function.parameters })),
    toolChoice: typeof toolChoice === 'object' && toolChoice !== null ? { name: toolChoice.function.name } : toolChoice,
    stop: stop === undefined || stop === null ? undefined : Array.isArray(stop) ? stop : [stop],
    maxTokens: body.max_completion_tokens ?? body.max_tokens,
    temperature: body.temperature,
    topP: body.top_p,
    jsonSchema: body.response_format?.type === 'json_schema' ? body.response_format.json_schema.schema : undefined,
    jsonObject: body.response_format?.type === 'json_object',
    headers: request.headers,
  };
}

function readContent(content: unknown): Pick<ReceivedMessage, 'text' | 'images'> {
  if (typeof content === 'string') return { text: content, images: [] };
  if (!Array.isArray(content)) return { text: '', images: [] };
  const texts: string[] = [];
  const images: ReceivedMessage['images'] = [];
  for (const part of content as Array<Record<string, any>>) {
    if (part.type === 'text') texts.push(part.text);
    if (part.type === 'image_url') {
      const match = /^data:([^;]+);base64,(.*)$/.exec(part.image_url.url);
      images.push(match ? { mediaType: match[1]!, base64: match[2]! } : { url: part.image_url.url });
    }
  }
  return { text: texts.join('\n'), images };
}

const errorAnswers: Record<ScriptedErrorKind, { status: number; error: Record<string, unknown> }> = {
  'rate-limit': { status: 429, error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded', param: null } },
  overloaded: { status: 503, error: { message: 'The engine is currently overloaded, please try again later', type: 'server_error', code: null, param: null } },
  auth: { status: 401, error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key', param: null } },
  'context-length': {
    status: 400,
    error: { message: "This model's maximum context length is 128000 tokens.", type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' },
  },
  'content-policy': { status: 400, error: { message: 'Your request was rejected by our safety system.', type: 'invalid_request_error', code: 'content_policy_violation', param: null } },
  'server-error': { status: 500, error: { message: 'The server had an error while processing your request.', type: 'server_error', code: null, param: null } },
};

const finishReasons: Record<ScriptedReply['finish'], string> = { stop: 'stop', stop_sequence: 'stop', length: 'length', tool_calls: 'tool_calls', content_filter: 'content_filter' };

function usageOf(reply: ScriptedReply) {
  const { prompt, completion, cachedPrompt, reasoning } = reply.usage;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cachedPrompt ?? 0 },
    completion_tokens_details: { reasoning_tokens: reasoning ?? 0 },
  };
}

function answer(res: ServerResponse, script: Script, stream: boolean, model: string): void {
  const base = { id: 'chatcmpl-conformance', created: 1_700_000_000, model };
  if (script.kind === 'error') {
    const { status, error } = errorAnswers[script.error];
    return writeJson(res, status, { error });
  }
  if (script.kind === 'stall' || script.kind === 'stream-failure') {
    const events = [{ data: JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: script.textBefore }, finish_reason: null }] }) }];
    if (script.kind === 'stream-failure') events.push({ data: JSON.stringify({ error: errorAnswers[script.error].error }) });
    return writeSse(res, events, { stall: script.kind === 'stall' });
  }
  const toolCalls = script.toolCalls?.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  if (!stream) {
    const message = {
      role: 'assistant',
      content: script.text ?? null,
      refusal: null,
      ...(script.reasoning ? { reasoning_content: script.reasoning } : {}),
      ...(toolCalls ? { tool_calls: toolCalls } : {}),
    };
    return writeJson(res, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasons[script.finish] }], usage: usageOf(script) });
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    data: JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] }),
  });
  const events = [chunk({ role: 'assistant', content: '' })];
  if (script.reasoning) events.push(chunk({ reasoning_content: script.reasoning }));
  if (script.text) for (const piece of script.text.match(/.{1,4}/gs) ?? []) events.push(chunk({ content: piece }));
  script.toolCalls?.forEach((call, index) => {
    events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of call.arguments.match(/.{1,5}/gs) ?? []) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  events.push(chunk({}, finishReasons[script.finish]));
  events.push({ data: JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: usageOf(script) }) });
  events.push({ data: '[DONE]' });
  writeSse(res, events);
}

import type { ReceivedImage, ReceivedMessage, ReceivedRequest, ScriptedErrorKind, ScriptedReply } from '../conformance/kit.js';
import { jsonObjectDescription, jsonResponseTool } from '../../src/providers/bedrock/tools.js';
import { encodeAwsEvent, encodeAwsException } from './aws-event-stream.js';

/**
 * Bedrock Runtime's wire format for the fake upstream: scripted replies written as
 * Converse answers and `converse-stream` event-stream frames, errors as Bedrock sends
 * them, and received Converse bodies read back into the conformance suite's terms.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */

const stopReasons: Record<ScriptedReply['finish'], string> = {
  stop: 'end_turn',
  stop_sequence: 'stop_sequence',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'content_filtered',
};

/** An error answer: HTTP status, `x-amzn-errortype` and body, as Bedrock sends each kind. */
export const bedrockErrors: Record<ScriptedErrorKind, { status: number; type: string; message: string; streamException: string }> = {
  'rate-limit': { status: 429, type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.', streamException: 'throttlingException' },
  overloaded: { status: 503, type: 'ServiceUnavailableException', message: 'Bedrock is unable to process your request.', streamException: 'serviceUnavailableException' },
  auth: { status: 403, type: 'AccessDeniedException', message: 'You don\'t have access to the model with the specified model ID.', streamException: 'internalServerException' },
  'context-length': { status: 400, type: 'ValidationException', message: 'Input is too long for requested model.', streamException: 'validationException' },
  'content-policy': { status: 400, type: 'ValidationException', message: 'This request has been blocked by our content filters.', streamException: 'validationException' },
  'server-error': { status: 500, type: 'InternalServerException', message: 'The system encountered an unexpected error during processing. Try your request again.', streamException: 'internalServerException' },
};

/** Whether a Converse body forces the JSON tool the gateway uses for `response_format`. */
export function asksForJson(body: Record<string, any>): boolean {
  return body.toolConfig?.toolChoice?.tool?.name === jsonResponseTool;
}

function usageOf(reply: ScriptedReply) {
  const { prompt, completion, cachedPrompt } = reply.usage;
  return {
    inputTokens: prompt - (cachedPrompt ?? 0),
    outputTokens: completion,
    totalTokens: prompt + completion,
    ...(cachedPrompt !== undefined ? { cacheReadInputTokens: cachedPrompt, cacheWriteInputTokens: 0 } : {}),
  };
}

/** The tool calls of a reply; a reply to a forced JSON tool is that tool's call, as the model would make it. */
function toolUsesOf(reply: ScriptedReply, json: boolean): Array<{ toolUseId: string; name: string; input: string }> {
  if (json) return [{ toolUseId: 'tooluse_json0000000000000000', name: jsonResponseTool, input: reply.text ?? '{}' }];
  return (reply.toolCalls ?? []).map((call) => ({ toolUseId: call.id, name: call.name, input: call.arguments }));
}

/** A Converse answer (`POST /model/{id}/converse`). */
export function toConverseAnswer(reply: ScriptedReply, json: boolean): unknown {
  const content: unknown[] = [];
  if (reply.reasoning) content.push({ reasoningContent: { reasoningText: { text: reply.reasoning, signature: 'EqQBCkYIBRgCIkB0fake' } } });
  if (reply.text && !json) content.push({ text: reply.text });
  for (const use of toolUsesOf(reply, json)) content.push({ toolUse: { toolUseId: use.toolUseId, name: use.name, input: JSON.parse(use.input) } });
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: json ? 'tool_use' : stopReasons[reply.finish],
    usage: usageOf(reply),
    metrics: { latencyMs: 321 },
  };
}

/** The frames of a `converse-stream` answer. */
export function toConverseStreamFrames(reply: ScriptedReply, json: boolean): Buffer[] {
  const frames = [encodeAwsEvent('messageStart', { role: 'assistant' })];
  let block = 0;
  if (reply.reasoning) {
    for (const piece of pieces(reply.reasoning, 6)) frames.push(encodeAwsEvent('contentBlockDelta', { contentBlockIndex: block, delta: { reasoningContent: { text: piece } } }));
    frames.push(encodeAwsEvent('contentBlockDelta', { contentBlockIndex: block, delta: { reasoningContent: { signature: 'EqQBCkYIBRgCIkB0fake' } } }));
    frames.push(encodeAwsEvent('contentBlockStop', { contentBlockIndex: block++ }));
  }
  if (reply.text && !json) {
    frames.push(...textFrames(reply.text, block));
    frames.push(encodeAwsEvent('contentBlockStop', { contentBlockIndex: block++ }));
  }
  for (const use of toolUsesOf(reply, json)) {
    frames.push(encodeAwsEvent('contentBlockStart', { contentBlockIndex: block, start: { toolUse: { toolUseId: use.toolUseId, name: use.name } } }));
    for (const piece of pieces(use.input, 5)) frames.push(encodeAwsEvent('contentBlockDelta', { contentBlockIndex: block, delta: { toolUse: { input: piece } } }));
    frames.push(encodeAwsEvent('contentBlockStop', { contentBlockIndex: block++ }));
  }
  frames.push(encodeAwsEvent('messageStop', { stopReason: json ? 'tool_use' : stopReasons[reply.finish] }));
  frames.push(encodeAwsEvent('metadata', { usage: usageOf(reply), metrics: { latencyMs: 321 } }));
  return frames;
}

/** Text deltas of one content block. */
export function textFrames(text: string, block = 0): Buffer[] {
  return pieces(text, 4).map((piece) => encodeAwsEvent('contentBlockDelta', { contentBlockIndex: block, delta: { text: piece }, p: 'abcdefgh' }));
}

/** The exception frame Bedrock sends inside a stream for an error kind. */
export function exceptionFrame(kind: ScriptedErrorKind): Buffer {
  const error = bedrockErrors[kind];
  return encodeAwsException(error.streamException, { message: error.message });
}

function pieces(text: string, size: number): string[] {
  return text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'gu')) ?? [];
}

/** Reads a received Converse body back into the suite's neutral terms. */
export function readConverseRequest(body: Record<string, any>, model: string, stream: boolean, headers: ReceivedRequest['headers']): ReceivedRequest {
  const tools = (body.toolConfig?.tools ?? []) as Array<{ toolSpec: { name: string; description?: string; inputSchema: { json: unknown } } }>;
  const jsonTool = tools.find((tool) => tool.toolSpec.name === jsonResponseTool && asksForJson(body));
  const choice = body.toolConfig?.toolChoice;
  const config = body.inferenceConfig ?? {};
  return {
    model,
    stream,
    system: body.system?.length ? (body.system as Array<{ text: string }>).map((block) => block.text).join('\n') : undefined,
    messages: (body.messages ?? []).map(readMessage),
    tools: tools.filter((tool) => tool !== jsonTool).map(({ toolSpec }) => ({ name: toolSpec.name, description: toolSpec.description, parameters: toolSpec.inputSchema.json })),
    toolChoice: jsonTool || !choice ? undefined : choice.auto ? 'auto' : choice.any ? 'required' : { name: choice.tool.name },
    stop: config.stopSequences,
    maxTokens: config.maxTokens,
    temperature: config.temperature,
    topP: config.topP,
    jsonSchema: jsonTool && jsonTool.toolSpec.description !== jsonObjectDescription ? jsonTool.toolSpec.inputSchema.json : undefined,
    jsonObject: jsonTool?.toolSpec.description === jsonObjectDescription,
    headers,
  };
}

function readMessage(message: { role: 'user' | 'assistant'; content: Array<Record<string, any>> }): ReceivedMessage {
  const texts: string[] = [];
  const images: ReceivedImage[] = [];
  const received: ReceivedMessage = { role: message.role, text: '', images, toolCalls: [], toolResults: [] };
  for (const block of message.content) {
    if (typeof block.text === 'string') texts.push(block.text);
    else if (block.image) {
      const source = block.image.source;
      images.push(source.bytes ? { mediaType: `image/${block.image.format}`, base64: source.bytes } : { url: source.s3Location.uri });
    } else if (block.toolUse) received.toolCalls.push({ id: block.toolUse.toolUseId, name: block.toolUse.name, arguments: block.toolUse.input });
    else if (block.toolResult) {
      const content = (block.toolResult.content as Array<{ text?: string; json?: unknown }>).map((part) => part.text ?? JSON.stringify(part.json)).join('\n');
      received.toolResults.push({ id: block.toolResult.toolUseId, content });
    }
  }
  received.text = texts.join('\n');
  return received;
}

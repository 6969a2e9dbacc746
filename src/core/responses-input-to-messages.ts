import type { ChatMessage, ContentPart, ResponsesInputItem, ToolCall } from '../api/index.js';
import { errors } from '../errors/index.js';

type Fields = Record<string, unknown>;

/**
 * Chat messages from a Responses API `input` (and `instructions`, which become
 * the first system message): messages with `input_text`, `input_image`,
 * `input_file` or `output_text` content; `function_call` items as the assistant's
 * tool calls (consecutive calls in one message, as chat has them); and
 * `function_call_output` items as tool messages. `reasoning` items (the model's
 * earlier reasoning) have no place in chat and are left out, with a warning;
 * other items need state or tools chat does not have, and are refused.
 */
export function toChatMessages(input: unknown, instructions: unknown, provider: string, warnings: string[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (typeof instructions === 'string' && instructions !== '') messages.push({ role: 'system', content: instructions });
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: input });
    return messages;
  }
  if (!Array.isArray(input) || input.length === 0) {
    throw errors.invalidRequest(`input is required: a string or a non-empty array of items, when provider '${provider}' serves /v1/responses through chat.`, 'input');
  }
  let skippedReasoning = false;
  input.forEach((value: unknown, i) => {
    if (value === null || typeof value !== 'object') throw errors.invalidRequest(`input[${i}] must be an object.`, `input[${i}]`);
    const item = value as ResponsesInputItem;
    const type = item.type ?? 'message';
    if (type === 'message') messages.push(toMessage(item, i, provider));
    else if (type === 'function_call') addToolCall(messages, item, i);
    else if (type === 'function_call_output') messages.push({ role: 'tool', tool_call_id: String(item.call_id ?? ''), content: toolOutput(item.output, i, provider) });
    else if (type === 'reasoning') skippedReasoning = true;
    else {
      const why = type === 'item_reference' ? 'it refers to a stored item, and the gateway stores none' : 'chat has no equivalent';
      throw errors.invalidRequest(`input[${i}] of type '${type}' cannot be sent to provider '${provider}', which serves /v1/responses through chat: ${why}.`, `input[${i}].type`);
    }
  });
  if (skippedReasoning) warnings.push(`reasoning items of input are not sent to ${provider}, which serves /v1/responses through chat`);
  return messages;
}

function toMessage(item: ResponsesInputItem, i: number, provider: string): ChatMessage {
  const role = item.role;
  if (role === 'user') {
    return { role, content: typeof item.content === 'string' ? item.content : partsOf(item.content, i).map((part, j) => toUserPart(part, i, j, provider)) };
  }
  if (role === 'assistant' || role === 'system' || role === 'developer') return { role, content: textOf(item.content, i, provider) };
  throw errors.invalidRequest(`input[${i}].role must be user, assistant, system or developer.`, `input[${i}].role`);
}

function addToolCall(messages: ChatMessage[], item: ResponsesInputItem, i: number): void {
  if (typeof item.call_id !== 'string' || typeof item.name !== 'string') {
    throw errors.invalidRequest(`input[${i}]: a function_call needs a string call_id and name.`, `input[${i}]`);
  }
  const call: ToolCall = { id: item.call_id, type: 'function', function: { name: item.name, arguments: typeof item.arguments === 'string' ? item.arguments : '{}' } };
  const last = messages.at(-1);
  if (last?.role === 'assistant') (last.tool_calls ??= []).push(call);
  else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
}

function partsOf(content: unknown, i: number): Fields[] {
  if (!Array.isArray(content)) throw errors.invalidRequest(`input[${i}].content must be a string or an array of content parts.`, `input[${i}].content`);
  content.forEach((part: unknown, j) => {
    if (part === null || typeof part !== 'object') throw errors.invalidRequest(`input[${i}].content[${j}] must be an object.`, `input[${i}].content[${j}]`);
  });
  return content as Fields[];
}

function toUserPart(part: Fields, i: number, j: number, provider: string): ContentPart {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: String(part.text ?? '') };
    case 'input_image':
      if (typeof part.image_url !== 'string') throw unsupportedPart(i, j, 'an input_image by file_id', provider);
      return { type: 'image_url', image_url: part.detail === 'low' || part.detail === 'high' ? { url: part.image_url, detail: part.detail } : { url: part.image_url } };
    case 'input_file':
      if (typeof part.file_data !== 'string' && typeof part.file_id !== 'string') throw unsupportedPart(i, j, 'an input_file by file_url', provider);
      return { type: 'file', file: fileOf(part) };
    default:
      throw unsupportedPart(i, j, `a content part of type '${String(part.type)}'`, provider);
  }
}

/** The text of content that chat takes as a string: system, developer and assistant messages. */
function textOf(content: unknown, i: number, provider: string): string {
  if (typeof content === 'string') return content;
  return partsOf(content, i)
    .map((part, j) => {
      if (part.type === 'input_text' || part.type === 'output_text') return String(part.text ?? '');
      if (part.type === 'refusal') return String(part.refusal ?? '');
      throw unsupportedPart(i, j, `a content part of type '${String(part.type)}' in this role`, provider);
    })
    .join('');
}

function toolOutput(output: unknown, i: number, provider: string): string {
  if (typeof output === 'string') return output;
  if (!Array.isArray(output)) throw errors.invalidRequest(`input[${i}].output must be a string or an array of content parts.`, `input[${i}].output`);
  return output
    .map((part: Fields | null, j) => {
      if (part?.type === 'input_text') return String(part.text ?? '');
      throw errors.invalidRequest(`input[${i}].output[${j}]: only text can be returned by a function call to provider '${provider}', which serves /v1/responses through chat.`, `input[${i}].output[${j}]`);
    })
    .join('');
}

function unsupportedPart(i: number, j: number, what: string, provider: string) {
  return errors.invalidRequest(`input[${i}].content[${j}]: ${what} cannot be sent to provider '${provider}', which serves /v1/responses through chat.`, `input[${i}].content[${j}]`);
}

function fileOf(part: Fields): { file_data?: string; file_id?: string; filename?: string } {
  const file: { file_data?: string; file_id?: string; filename?: string } = {};
  if (typeof part.file_data === 'string') file.file_data = part.file_data;
  if (typeof part.file_id === 'string') file.file_id = part.file_id;
  if (typeof part.filename === 'string') file.filename = part.filename;
  return file;
}

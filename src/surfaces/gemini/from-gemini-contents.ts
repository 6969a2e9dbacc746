import type { ChatMessage, ContentPart, ToolCall } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { fromGeminiPart } from './from-gemini-part.js';
import type { GeminiContent, GeminiPart } from './wire.js';

/** A function call of the conversation not answered yet: the id it was given, and its name. */
interface OpenCall {
  id: string;
  name: string;
}

/**
 * Converts Gemini `contents` (and `systemInstruction`) into chat messages. `user` turns
 * (and turns without a role) become user messages, their `functionResponse` parts `tool`
 * messages placed first; `model` turns become assistant messages, `functionCall` parts
 * tool calls. Gemini may omit call ids: a call without one gets `call_<turn>_<n>`, the
 * same on every request that replays the conversation, and a response is matched to the
 * open call with its id, else to the first open call of its name, else to the first open
 * call. The model's thought text is not sent back (Gemini ignores it in history too).
 */
export function fromGeminiContents(contents: unknown, systemInstruction: unknown, warnings: string[]): ChatMessage[] {
  if (!Array.isArray(contents) || contents.length === 0) throw errors.invalidRequest('contents must be a non-empty array of Content objects.', 'contents');
  const messages: ChatMessage[] = [];
  const system = fromSystemInstruction(systemInstruction);
  if (system !== undefined) messages.push({ role: 'system', content: system });
  const open: OpenCall[] = [];
  for (let i = 0; i < contents.length; i++) {
    const content = contents[i] as GeminiContent;
    const param = `contents[${i}]`;
    if (content === null || typeof content !== 'object' || !Array.isArray(content.parts)) throw errors.invalidRequest(`${param} must be a Content object with a parts array.`, `${param}.parts`);
    const role = (content.role as string | undefined) ?? 'user';
    if (role === 'model') messages.push(fromModelTurn(content.parts, i, open, warnings));
    else if (role === 'user' || role === 'function') messages.push(...fromUserTurn(content.parts, param, open));
    else throw errors.invalidRequest(`${param}.role must be 'user' or 'model', not '${role}'.`, `${param}.role`);
  }
  return messages;
}

function fromSystemInstruction(instruction: unknown): string | undefined {
  if (instruction === undefined || instruction === null) return undefined;
  if (typeof instruction === 'string') return instruction;
  const parts = (instruction as GeminiContent).parts;
  if (!Array.isArray(parts)) throw errors.invalidRequest('systemInstruction must be a Content object with text parts.', 'systemInstruction');
  return parts
    .map((part, i) => {
      if (typeof part?.text !== 'string') throw errors.invalidRequest('systemInstruction may only have text parts.', `systemInstruction.parts[${i}]`);
      return part.text;
    })
    .join('\n');
}

function fromModelTurn(parts: GeminiPart[], turn: number, open: OpenCall[], warnings: string[]): ChatMessage {
  let text = '';
  const calls: ToolCall[] = [];
  for (let j = 0; j < parts.length; j++) {
    const part = parts[j];
    if (part?.functionCall) {
      const { id, name, args } = part.functionCall;
      if (typeof name !== 'string' || name === '') throw errors.invalidRequest('A functionCall needs a name.', `contents[${turn}].parts[${j}].functionCall.name`);
      const call: ToolCall & { extra_content?: unknown } = { id: id ?? `call_${turn}_${calls.length}`, type: 'function', function: { name, arguments: JSON.stringify(args ?? {}) } };
      // Carried where the Gemini-wire adapters read it back, for a Gemini model served without pass-through.
      if (part.thoughtSignature !== undefined) call.extra_content = { google: { thought_signature: part.thoughtSignature } };
      calls.push(call);
      open.push({ id: call.id, name });
    } else if (typeof part?.text === 'string') {
      if (part.thought !== true) text += part.text;
    } else {
      warnings.push(`contents[${turn}].parts[${j}]: only text and functionCall parts of a model turn can be sent to this model; the part was dropped`);
    }
  }
  return calls.length > 0 ? { role: 'assistant', content: text === '' ? null : text, tool_calls: calls } : { role: 'assistant', content: text };
}

function fromUserTurn(parts: GeminiPart[], param: string, open: OpenCall[]): ChatMessage[] {
  const results: ChatMessage[] = [];
  const content: ContentPart[] = [];
  for (let j = 0; j < parts.length; j++) {
    const part = parts[j];
    const response = part?.functionResponse;
    if (response) {
      const call = takeCall(open, response.id, response.name);
      if (call === undefined) throw errors.invalidRequest(`The functionResponse '${response.name}' answers no earlier functionCall.`, `${param}.parts[${j}].functionResponse`);
      results.push({ role: 'tool', tool_call_id: call.id, content: toolResultText(response.response) });
    } else {
      content.push(fromGeminiPart(part, `${param}.parts[${j}]`));
    }
  }
  if (content.length === 1 && content[0].type === 'text') results.push({ role: 'user', content: (content[0] as { text: string }).text });
  else if (content.length > 0) results.push({ role: 'user', content });
  return results;
}

function takeCall(open: OpenCall[], id: string | undefined, name: string): OpenCall | undefined {
  let index = id === undefined ? -1 : open.findIndex((call) => call.id === id);
  if (index === -1) index = open.findIndex((call) => call.name === name);
  if (index === -1) index = open.length > 0 ? 0 : -1;
  return index === -1 ? undefined : open.splice(index, 1)[0];
}

/** A function's result as the tool message's text: a lone `output` or `result` string as it is, else the JSON. */
function toolResultText(response: unknown): string {
  if (response !== null && typeof response === 'object') {
    const keys = Object.keys(response);
    const only = keys.length === 1 ? (response as Record<string, unknown>)[keys[0]] : undefined;
    if ((keys[0] === 'output' || keys[0] === 'result') && typeof only === 'string') return only;
  }
  return JSON.stringify(response ?? {});
}

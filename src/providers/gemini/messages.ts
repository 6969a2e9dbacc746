import type { ChatMessage } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { textOf, toGeminiParts } from './content-parts.js';
import type { GeminiContent, GeminiPart } from './wire.js';

/**
 * Gemini 3 models reject a replayed `functionCall` part without the signature the model
 * gave it. A tool call that carries it back as `extra_content.google.thought_signature`
 * (the field Google's OpenAI-compatible endpoint uses) has it sent; otherwise this value,
 * which Google documents for calls whose signature is unknown, is sent
 * (https://ai.google.dev/gemini-api/docs/thought-signatures).
 */
export const unknownThoughtSignature = 'skip_thought_signature_validator';

/** The conversation in Gemini's terms. */
export interface GeminiConversation {
  systemInstruction: { parts: GeminiPart[] } | undefined;
  contents: GeminiContent[];
}

/**
 * Converts OpenAI messages: system and developer text becomes `systemInstruction`,
 * assistant turns role `model` (tool calls as `functionCall` parts), tool results
 * `functionResponse` parts of a `user` turn, named after the call they answer.
 * Consecutive turns of one role are merged, as Gemini expects alternating turns.
 */
export function toGeminiContents(messages: readonly ChatMessage[]): GeminiConversation {
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  const push = (role: 'user' | 'model', parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...toGeminiParts(message.content, `messages[${i}].content`));
        break;
      case 'user':
        push('user', toGeminiParts(message.content, `messages[${i}].content`));
        break;
      case 'assistant': {
        const parts = toGeminiParts(message.content, `messages[${i}].content`);
        const calls = message.tool_calls ?? [];
        for (let j = 0; j < calls.length; j++) {
          const call = calls[j];
          callNames.set(call.id, call.function.name);
          const args = parseArguments(call.function.arguments, `messages[${i}].tool_calls[${j}].function.arguments`);
          const signature = (call as { extra_content?: { google?: { thought_signature?: unknown } } }).extra_content?.google?.thought_signature;
          const part: GeminiPart = { functionCall: { id: call.id, name: call.function.name, args } };
          // Gemini signs the first call of a step only; the placeholder goes where a signature is due.
          if (typeof signature === 'string') part.thoughtSignature = signature;
          else if (j === 0) part.thoughtSignature = unknownThoughtSignature;
          parts.push(part);
        }
        push('model', parts);
        break;
      }
      case 'tool': {
        const name = callNames.get(message.tool_call_id);
        if (name === undefined) {
          throw errors.invalidRequest(`No earlier assistant tool call has the id '${message.tool_call_id}' that this tool message answers.`, `messages[${i}].tool_call_id`);
        }
        push('user', [{ functionResponse: { id: message.tool_call_id, name, response: { output: textOf(message.content) } } }]);
        break;
      }
      default:
        throw errors.invalidRequest(`Unknown message role '${(message as { role?: unknown }).role}'.`, `messages[${i}].role`);
    }
  }
  return { systemInstruction: system.length > 0 ? { parts: system } : undefined, contents };
}

/** Tool-call arguments are a JSON object in Gemini (`args`); an empty string means none. */
function parseArguments(text: string, param: string): Record<string, unknown> {
  if (text === '' || text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw errors.invalidRequest('Tool call arguments must be a JSON object.', param);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw errors.invalidRequest('Tool call arguments must be a JSON object.', param);
  return value as Record<string, unknown>;
}

import type { ChatMessage, ContentPart } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { CohereContentPart, CohereMessage } from './wire-types.js';

/**
 * Converts OpenAI messages to Cohere's v2 `messages`. System and developer messages
 * become `system` ones (the leading ones merged into one, as Cohere wants the system
 * turn first); an assistant's text next to tool calls is sent as its `tool_plan`, which
 * is where Cohere puts that text (https://docs.cohere.com/v2/docs/tool-use-overview);
 * `reasoning_content` goes back as a `thinking` part.
 */
export function toCohereMessages(messages: readonly ChatMessage[], provider: string, warnings: string[]): CohereMessage[] {
  const out: CohereMessage[] = [];
  let named = false;
  let leadingSystem: CohereContentPart[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if ('name' in message && message.name !== undefined) named = true;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const parts = toParts(message.content, i, provider, false);
        if (out.length === 0) (leadingSystem ??= []).push(...parts);
        else out.push({ role: 'system', content: parts });
        break;
      }
      case 'user':
        flushSystem();
        out.push({ role: 'user', content: typeof message.content === 'string' ? message.content : toParts(message.content, i, provider, true) });
        break;
      case 'assistant': {
        flushSystem();
        const text = textOf(message.content, i, provider);
        const thinking: CohereContentPart[] = message.reasoning_content ? [{ type: 'thinking', thinking: message.reasoning_content }] : [];
        if (message.tool_calls && message.tool_calls.length > 0) {
          const tool_calls = message.tool_calls.map(({ id, function: { name, arguments: args } }) => ({ id, type: 'function' as const, function: { name, arguments: args } }));
          out.push({ role: 'assistant', ...(text ? { tool_plan: text } : {}), ...(thinking.length > 0 ? { content: thinking } : {}), tool_calls });
        } else if (thinking.length > 0) {
          out.push({ role: 'assistant', content: text ? [...thinking, { type: 'text', text }] : thinking });
        } else {
          out.push({ role: 'assistant', content: text });
        }
        break;
      }
      case 'tool':
        flushSystem();
        out.push({ role: 'tool', tool_call_id: message.tool_call_id, content: typeof message.content === 'string' ? message.content : toParts(message.content, i, provider, false) });
        break;
      default:
        throw errors.invalidRequest(`messages[${i}].role '${(message as { role: string }).role}' is not one ${provider} takes (system, developer, user, assistant, tool).`, `messages[${i}].role`);
    }
  }
  flushSystem();
  if (named) warnings.push(`messages[].name is not supported by ${provider} and was dropped`);
  return out;

  function flushSystem(): void {
    if (!leadingSystem) return;
    out.push({ role: 'system', content: leadingSystem.length === 1 && leadingSystem[0].type === 'text' ? leadingSystem[0].text : leadingSystem });
    leadingSystem = undefined;
  }
}

/** Text and (where allowed) image parts; Cohere takes images as `image_url` parts, web or data URLs. */
function toParts(content: string | ContentPart[], index: number, provider: string, images: boolean): CohereContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part) => {
    if (part.type === 'text') return { type: 'text', text: String(part.text) };
    if (images && part.type === 'image_url') {
      const image = (part as { image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }).image_url;
      return { type: 'image_url', image_url: image.detail === undefined ? { url: image.url } : { url: image.url, detail: image.detail } };
    }
    throw errors.invalidRequest(`${provider} does not accept ${part.type} content in messages[${index}].`, `messages[${index}].content`);
  });
}

function textOf(content: string | ContentPart[] | null | undefined, index: number, provider: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return toParts(content, index, provider, false)
    .map((part) => (part.type === 'text' ? part.text : ''))
    .join('');
}

import type { ChatMessage, ContentPart, ToolCall } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { BedrockContentBlock, BedrockImageFormat, BedrockMessage } from './wire.js';

/** A conversation in Converse terms: system text apart, and user/assistant turns. */
export interface BedrockConversation {
  system: Array<{ text: string }>;
  messages: BedrockMessage[];
  /** Whether any turn carries a tool call or a tool result (Converse then needs a `toolConfig`). */
  usesTools: boolean;
}

const imageFormats: Readonly<Record<string, BedrockImageFormat>> = {
  png: 'png',
  jpeg: 'jpeg',
  jpg: 'jpeg',
  gif: 'gif',
  webp: 'webp',
} satisfies Record<string, BedrockImageFormat>;

/**
 * Converts OpenAI messages to Converse ones: system and developer messages become
 * `system` blocks; tool messages become `toolResult` blocks of a user turn; turns of
 * one role in a row are merged, since Converse wants them to alternate (and wants the
 * results of parallel tool calls in one turn).
 */
export function toBedrockMessages(messages: readonly ChatMessage[]): BedrockConversation {
  const system: Array<{ text: string }> = [];
  const turns: BedrockMessage[] = [];
  let usesTools = false;
  const push = (role: 'user' | 'assistant', content: BedrockContentBlock[]) => {
    const last = turns.at(-1);
    if (last && last.role === role) last.content.push(...content);
    else turns.push({ role, content });
  };
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content);
        if (text !== '') system.push({ text });
        break;
      }
      case 'user':
        push('user', toUserContent(message.content, i));
        break;
      case 'assistant': {
        const content: BedrockContentBlock[] = [];
        const text = message.content == null ? '' : textOf(message.content);
        if (text !== '') content.push({ text });
        if (message.refusal) content.push({ text: message.refusal });
        if (message.tool_calls?.length) {
          usesTools = true;
          message.tool_calls.forEach((call, j) => content.push(toToolUse(call, i, j)));
        }
        push('assistant', content);
        break;
      }
      case 'tool':
        usesTools = true;
        push('user', [{ toolResult: { toolUseId: message.tool_call_id, content: [{ text: textOf(message.content) }] } }]);
        break;
      default:
        throw errors.invalidRequest(`messages[${i}].role '${(message as { role: string }).role}' is not supported`, `messages[${i}].role`);
    }
  }
  return { system, messages: turns, usesTools };
}

function toUserContent(content: string | ContentPart[], index: number): BedrockContentBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  const blocks: BedrockContentBlock[] = [];
  content.forEach((part, j) => {
    if (part.type === 'text') {
      const text = (part as { text: string }).text;
      if (text !== '') blocks.push({ text });
    } else if (part.type === 'image_url') {
      blocks.push(toImage((part as { image_url: { url: string } }).image_url.url, `messages[${index}].content[${j}].image_url.url`));
    } else {
      throw errors.invalidRequest(`bedrock does not take '${part.type}' content parts; send text and images`, `messages[${index}].content[${j}].type`);
    }
  });
  return blocks;
}

// Converse takes image bytes (base64 in JSON) or an S3 object, never a URL to fetch.
function toImage(url: string, param: string): BedrockContentBlock {
  const data = /^data:image\/([a-z]+);base64,/i.exec(url);
  if (data) {
    const format = imageFormats[data[1].toLowerCase()];
    if (!format) throw errors.invalidRequest(`bedrock takes png, jpeg, gif and webp images, not image/${data[1]}`, param);
    return { image: { format, source: { bytes: url.slice(data[0].length) } } };
  }
  if (url.startsWith('s3://')) {
    const format = imageFormats[/\.([a-z]+)$/i.exec(url)?.[1].toLowerCase() ?? ''];
    if (!format) throw errors.invalidRequest('an s3:// image must end in .png, .jpg, .jpeg, .gif or .webp', param);
    return { image: { format, source: { s3Location: { uri: url } } } };
  }
  throw errors.invalidRequest('bedrock does not fetch image URLs; send the image as a base64 data URL (data:image/png;base64,...) or an s3:// URL', param);
}

function toToolUse(call: ToolCall, index: number, position: number): BedrockContentBlock {
  const text = call.function.arguments;
  let input: unknown;
  try {
    input = text === undefined || text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw errors.invalidRequest(`the arguments of tool call '${call.id}' are not valid JSON`, `messages[${index}].tool_calls[${position}].function.arguments`);
  }
  return { toolUse: { toolUseId: call.id, name: call.function.name, input } };
}

/** The text of string or array content: text parts joined with newlines. */
function textOf(content: string | ContentPart[]): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) {
    if (part.type !== 'text' && part.type !== 'refusal') continue;
    const value = (part as { text?: string; refusal?: string }).text ?? (part as { refusal?: string }).refusal ?? '';
    text = text === '' ? value : `${text}\n${value}`;
  }
  return text;
}

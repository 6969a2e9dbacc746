import type { ChatMessage } from '../api/index.js';

/** Whether a message is an instruction to the model (`system` or `developer`) rather than part of the conversation. */
export function isSystemMessage(message: ChatMessage): boolean {
  return message.role === 'system' || message.role === 'developer';
}

/**
 * The text a semantic cache embeds for a conversation: each non-system message as
 * a `role: text` line, text parts only, whitespace collapsed. Assistant tool calls
 * are written as `name(arguments)` so that conversations that differ only in an
 * earlier call never read the same. The whole history is in the text: a different
 * earlier turn changes the vector. System messages are left out (they are part of
 * the semantic partition instead, `canonical-key.ts`).
 */
export function promptText(messages: readonly ChatMessage[]): string {
  const lines: string[] = [];
  for (const message of messages) {
    if (isSystemMessage(message)) continue;
    let text = contentText(message.content);
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) text += ` ${call.function.name}(${call.function.arguments})`;
    }
    text = collapseWhitespace(text);
    if (text !== '') lines.push(`${message.role}: ${text}`);
  }
  return lines.join('\n');
}

function contentText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') text += ` ${part.text}`;
  }
  return text;
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

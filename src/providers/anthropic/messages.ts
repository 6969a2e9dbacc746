import type { ChatMessage, ToolCall } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { textOfParts, toAnthropicBlocks, type TranslationContext, warnOnce } from './content.js';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicTextBlock, AnthropicToolUseBlock } from './wire.js';

/** A conversation in Anthropic's terms: the system prompt apart, then alternating turns. */
export interface AnthropicConversation {
  system: AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

/**
 * Converts OpenAI messages: system and developer messages become the top-level
 * `system`; tool messages become `tool_result` blocks of a user turn; assistant
 * tool calls become `tool_use` blocks; consecutive turns of one role are merged,
 * since Anthropic's turns alternate. An assistant's `reasoning_content` is not sent
 * back: Anthropic only takes thinking with the signature it was returned with.
 * https://docs.claude.com/en/api/messages
 */
export function toAnthropicMessages(messages: readonly ChatMessage[], context: TranslationContext): AnthropicConversation {
  const system: AnthropicTextBlock[] = [];
  const out: AnthropicMessage[] = [];
  const append = (role: 'user' | 'assistant', content: string | AnthropicContentBlock[]) => {
    const last = out[out.length - 1];
    if (last === undefined || last.role !== role) {
      out.push({ role, content });
      return;
    }
    const blocks = typeof last.content === 'string' ? [{ type: 'text' as const, text: last.content }] : last.content;
    if (typeof content === 'string') blocks.push({ type: 'text', text: content });
    else for (const block of content) blocks.push(block);
    last.content = blocks;
  };

  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    const at = `messages[${i}]`;
    if ((message as { name?: unknown }).name != null) warnOnce(context, `messages[].name is not supported by ${context.provider} and was dropped`);
    switch (message.role) {
      case 'system':
      case 'developer':
        if (typeof message.content === 'string') system.push({ type: 'text', text: message.content });
        else for (const block of textOfParts(message.content, `${at}.content`)) system.push(block);
        break;
      case 'user':
        append('user', typeof message.content === 'string' ? message.content : toAnthropicBlocks(message.content, `${at}.content`, context));
        break;
      case 'assistant': {
        const content = message.content;
        const calls = message.tool_calls;
        if (typeof content === 'string' && !calls?.length) {
          if (content !== '') append('assistant', content);
          break;
        }
        const blocks: AnthropicContentBlock[] = typeof content === 'string' ? (content === '' ? [] : [{ type: 'text', text: content }]) : content ? textOfParts(content, `${at}.content`) : [];
        if (calls) for (let j = 0; j < calls.length; j++) blocks.push(toToolUse(calls[j], `${at}.tool_calls[${j}]`));
        if (blocks.length > 0) append('assistant', blocks);
        break;
      }
      case 'tool': {
        const content = message.content;
        const result = typeof content === 'string' ? content : toAnthropicBlocks(content, `${at}.content`, context);
        append('user', [{ type: 'tool_result', tool_use_id: message.tool_call_id, content: result }]);
        break;
      }
      default:
        throw errors.invalidRequest(`${at}.role ${JSON.stringify((message as { role: unknown }).role)} is not one of system, developer, user, assistant, tool.`, `${at}.role`);
    }
  }
  return { system, messages: out };
}

/** A tool call as a `tool_use` block; its arguments must be a JSON object (or empty). */
function toToolUse(call: ToolCall, at: string): AnthropicToolUseBlock {
  const text = call.function?.arguments ?? '';
  let input: unknown;
  try {
    input = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw errors.invalidRequest(`${at}.function.arguments is not valid JSON: ${JSON.stringify(text.slice(0, 100))}`, `${at}.function.arguments`);
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw errors.invalidRequest(`${at}.function.arguments must be a JSON object.`, `${at}.function.arguments`);
  }
  return { type: 'tool_use', id: call.id, name: call.function.name, input };
}

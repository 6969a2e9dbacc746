import type { ChatMessage, ContentPart, ToolCall } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { fromAnthropicContentBlock, unsupported } from './from-anthropic-content.js';
import type { AnthropicInboundBlock, AnthropicInboundMessage, AnthropicTextBlock } from './wire.js';

/**
 * The system prompt and messages of an Anthropic request as chat messages. The
 * system prompt (a string or text blocks) is a system message; a user turn's
 * `tool_result` blocks become `tool` messages, placed before the rest of the
 * turn (chat APIs want them right after the assistant's calls), and a failed
 * result (`is_error`) starts with `Error: `; an assistant turn's `tool_use`
 * blocks become tool calls and its `thinking` the `reasoning_content`.
 * `redacted_thinking` (readable by Anthropic alone) is dropped with a warning.
 */
export function fromAnthropicMessages(system: unknown, messages: unknown, warnings: string[]): ChatMessage[] {
  if (!Array.isArray(messages)) throw errors.invalidRequest('messages: Field required (an array of messages).', 'messages');
  const out: ChatMessage[] = [];
  if (system !== undefined && system !== null) {
    const content = systemContent(system, 'system');
    if (content !== '') out.push({ role: 'system', content });
  }
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as AnthropicInboundMessage | null;
    const at = `messages[${i}]`;
    if (message === null || typeof message !== 'object') throw errors.invalidRequest(`${at}: must be an object with role and content.`, at);
    const { role, content } = message;
    if (typeof content !== 'string' && !Array.isArray(content)) throw errors.invalidRequest(`${at}.content: Field required (a string or an array of blocks).`, `${at}.content`);
    if (role === 'user') fromUserTurn(content, at, out);
    else if (role === 'assistant') out.push(fromAssistantTurn(content, at, warnings));
    else if (role === 'system') out.push({ role: 'system', content: systemContent(content, `${at}.content`) });
    else throw errors.invalidRequest(`${at}.role: ${JSON.stringify(role)} is not one of user, assistant.`, `${at}.role`);
  }
  return out;
}

function systemContent(system: unknown, at: string): string | ContentPart[] {
  if (typeof system === 'string') return system;
  if (!Array.isArray(system)) throw errors.invalidRequest(`${at}: must be a string or an array of text blocks.`, at);
  const parts: ContentPart[] = [];
  for (let j = 0; j < system.length; j++) {
    const block = system[j] as AnthropicTextBlock | null;
    if (block?.type !== 'text' || typeof block.text !== 'string') throw errors.invalidRequest(`${at}[${j}]: only text blocks are allowed here.`, `${at}[${j}]`);
    parts.push({ type: 'text', text: block.text });
  }
  return parts.length === 1 ? (parts[0] as { text: string }).text : parts;
}

function fromUserTurn(content: string | AnthropicInboundBlock[], at: string, out: ChatMessage[]): void {
  if (typeof content === 'string') {
    out.push({ role: 'user', content });
    return;
  }
  const parts: ContentPart[] = [];
  for (let j = 0; j < content.length; j++) {
    const block = content[j];
    const blockAt = `${at}.content[${j}]`;
    if (block?.type === 'tool_result') out.push(fromToolResult(block as { tool_use_id?: unknown; content?: unknown; is_error?: unknown }, blockAt));
    else parts.push(fromAnthropicContentBlock(block, blockAt));
  }
  if (parts.length > 0) out.push({ role: 'user', content: parts.length === 1 && parts[0].type === 'text' ? (parts[0] as { text: string }).text : parts });
}

function fromToolResult(block: { tool_use_id?: unknown; content?: unknown; is_error?: unknown }, at: string): ChatMessage {
  if (typeof block.tool_use_id !== 'string') throw errors.invalidRequest(`${at}.tool_use_id: Field required.`, `${at}.tool_use_id`);
  let content: string | ContentPart[];
  if (block.content === undefined || block.content === null) content = '';
  else if (typeof block.content === 'string') content = block.content;
  else if (Array.isArray(block.content)) {
    const parts = block.content.map((part: AnthropicInboundBlock, k: number) => fromAnthropicContentBlock(part, `${at}.content[${k}]`));
    content = parts.every((part) => part.type === 'text') ? parts.map((part) => (part as { text: string }).text).join('\n') : parts;
  } else throw errors.invalidRequest(`${at}.content: must be a string or an array of blocks.`, `${at}.content`);
  if (block.is_error === true) content = typeof content === 'string' ? `Error: ${content}` : [{ type: 'text', text: 'Error:' }, ...content];
  return { role: 'tool', tool_call_id: block.tool_use_id, content };
}

function fromAssistantTurn(content: string | AnthropicInboundBlock[], at: string, warnings: string[]): ChatMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  let reasoning = '';
  const calls: ToolCall[] = [];
  for (let j = 0; j < content.length; j++) {
    const block = content[j] as AnthropicInboundBlock & Record<string, unknown>;
    const blockAt = `${at}.content[${j}]`;
    switch (block?.type) {
      case 'text':
        if (typeof block.text !== 'string') throw errors.invalidRequest(`${blockAt}.text: Field required (a string).`, `${blockAt}.text`);
        text += block.text;
        break;
      case 'thinking':
        if (typeof block.thinking === 'string') reasoning += block.thinking;
        break;
      case 'redacted_thinking': {
        const warning = 'redacted_thinking blocks were dropped: only Anthropic can read them';
        if (!warnings.includes(warning)) warnings.push(warning);
        break;
      }
      case 'tool_use': {
        const { id, name, input } = block;
        if (typeof id !== 'string' || typeof name !== 'string') throw errors.invalidRequest(`${blockAt}: tool_use blocks need an id and a name.`, blockAt);
        calls.push({ id, type: 'function', function: { name, arguments: JSON.stringify(input ?? {}) } });
        break;
      }
      default:
        throw unsupported(blockAt, `${JSON.stringify(block?.type)} blocks`);
    }
  }
  const message: ChatMessage = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (calls.length > 0) message.tool_calls = calls;
  if (reasoning !== '') message.reasoning_content = reasoning;
  return message;
}

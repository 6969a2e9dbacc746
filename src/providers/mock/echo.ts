import type { ChatMessage, ChatRequest, Usage } from '../../api/index.js';

/** The mock's answer to a request: the text of the last user message, or a fixed line when there is none. */
export function echoText(request: ChatRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i];
    if (message.role === 'user') {
      const text = messageText(message);
      if (text !== '') return text;
    }
  }
  return 'Hello from the Switchyard mock provider.';
}

/** Token counts the mock reports: one token per whitespace-separated word. */
export function echoUsage(request: ChatRequest, reply: string): Usage {
  let prompt = 0;
  for (const message of request.messages) prompt += countWords(messageText(message));
  const completion = countWords(reply);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Splits a reply into stream deltas, one word (with its following space) each. */
export function echoDeltas(reply: string): string[] {
  return reply.match(/\S+\s*|\s+/g) ?? [reply];
}

function messageText(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.flatMap((part) => (part.type === 'text' && typeof part.text === 'string' && part.text !== '' ? [part.text] : [])).join(' ');
}

function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

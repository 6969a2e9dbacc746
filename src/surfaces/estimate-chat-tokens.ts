import type { ChatRequest, ContentPart } from '../api/index.js';

/** Tokens counted for each image, whatever its size: about what a 1-megapixel image costs Claude or GPT-4o. */
export const imageTokenEstimate = 1600;

/** Framing tokens per message, and priming for the answer, as OpenAI's chat format has them. */
const perMessage = 3;
const perAnswer = 3;
const perTool = 8;

type Count = (text: string) => number;
let tokenizer: Promise<Count> | undefined;

/** The o200k_base tokenizer (GPT-4o, GPT-4.1, GPT-5, o-series), loaded on first use: most gateways never count. */
function loadTokenizer(): Promise<Count> {
  tokenizer ??= import('gpt-tokenizer/encoding/o200k_base').then(({ countTokens }) => {
    // Text that looks like a special token (`<|endoftext|>`) is counted as the text it is.
    const options = { disallowedSpecial: new Set<string>() };
    return (text: string) => (text === '' ? 0 : countTokens(text, options));
  });
  return tokenizer;
}

/**
 * An estimate of a chat request's input tokens, for providers that have no
 * count of their own: its text (system, messages, tool calls and results, tool
 * definitions as JSON) counted with OpenAI's o200k_base tokenizer, plus the chat
 * format's framing, and `imageTokenEstimate` per image or file. Exact in text
 * for OpenAI's current models; other model families tokenize differently (their
 * counts commonly differ by 10 to 30 percent), so it is an estimate there.
 */
export async function estimateChatTokens(request: ChatRequest): Promise<number> {
  const count = await loadTokenizer();
  let total = perAnswer;
  for (const message of request.messages) {
    total += perMessage + contentTokens(message.content, count);
    if (message.role === 'assistant') {
      if (typeof message.reasoning_content === 'string') total += count(message.reasoning_content);
      for (const call of message.tool_calls ?? []) total += perTool + count(call.function.name) + count(call.function.arguments ?? '');
    }
  }
  for (const tool of request.tools ?? []) total += perTool + count(JSON.stringify(tool.function));
  return total;
}

function contentTokens(content: string | ContentPart[] | null | undefined, count: Count): number {
  if (typeof content === 'string') return count(content);
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const part of content) {
    if (part.type === 'text') total += count(String((part as { text: unknown }).text));
    else total += imageTokenEstimate;
  }
  return total;
}

/**
 * Reads assistant content sent as an array of parts rather than a string, as
 * Mistral's reasoning models do (`{"type": "text"}` and `{"type": "thinking",
 * "thinking": [{"type": "text", ...}]}` chunks, https://docs.mistral.ai/capabilities/reasoning/):
 * text parts are the answer, thinking parts the reasoning. Other parts carry no text.
 */
export function readContentParts(parts: readonly unknown[]): { text: string | null; reasoning: string } {
  let text: string | null = null;
  let reasoning = '';
  for (const part of parts) {
    if (part === null || typeof part !== 'object') continue;
    const { type } = part as { type?: unknown };
    if (type === 'text') {
      const value = (part as { text?: unknown }).text;
      if (typeof value === 'string') text = (text ?? '') + value;
    } else if (type === 'thinking') {
      reasoning += thinkingText((part as { thinking?: unknown }).thinking);
    }
  }
  return { text, reasoning };
}

function thinkingText(thinking: unknown): string {
  if (typeof thinking === 'string') return thinking;
  if (!Array.isArray(thinking)) return '';
  let out = '';
  for (const inner of thinking) {
    if (inner === null || typeof inner !== 'object') continue;
    const { type, text } = inner as { type?: unknown; text?: unknown };
    if (type === 'text' && typeof text === 'string') out += text;
  }
  return out;
}

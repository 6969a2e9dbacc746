import type { GeminiPart } from './wire.js';

/**
 * A tool call as a `functionCall` part, its arguments parsed into the object Gemini
 * sends (`args`); `undefined` when they are not a JSON object, which Gemini reports as
 * the finish reason `MALFORMED_FUNCTION_CALL`. The call's id goes along, so that a
 * client that sends it back in its `functionResponse` is matched exactly.
 */
export function toGeminiFunctionCall(id: string | undefined, name: string, argumentsText: string, thoughtSignature?: unknown): GeminiPart | undefined {
  let args: unknown;
  try {
    args = argumentsText.trim() === '' ? {} : JSON.parse(argumentsText);
  } catch {
    return undefined;
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return undefined;
  const part: GeminiPart = { functionCall: { ...(id === undefined ? {} : { id }), name, args: args as Record<string, unknown> } };
  if (typeof thoughtSignature === 'string') part.thoughtSignature = thoughtSignature;
  return part;
}

/** The finish reason of a candidate one of whose function calls could not be read. */
export const malformedFunctionCall = 'MALFORMED_FUNCTION_CALL';

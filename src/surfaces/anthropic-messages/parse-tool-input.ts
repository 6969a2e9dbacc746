/**
 * A tool call's JSON arguments as the object Anthropic's `tool_use.input` must be.
 * Arguments that are not a JSON object (a model's broken JSON) become `{}`, with a
 * warning: an Anthropic client cannot take anything else.
 */
export function parseToolInput(name: string, text: string, warnings: string[]): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const input: unknown = JSON.parse(text);
    if (input !== null && typeof input === 'object' && !Array.isArray(input)) return input as Record<string, unknown>;
  } catch {
    // reported below
  }
  warnings.push(`the arguments of a call to tool ${name} were not a JSON object and were sent as {}: ${JSON.stringify(text.slice(0, 100))}`);
  return {};
}

import type { ChatRequest, ToolDefinition } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { AnthropicTool, AnthropicToolChoice } from './wire.js';

/**
 * The tool the gateway adds for `response_format: {type: "json_object"}`, which
 * Anthropic has no mode for: the model is made to call it, and its input is
 * returned as the message text. Callers may not name a tool of their own so.
 * https://docs.claude.com/en/docs/agents-and-tools/tool-use/implement-tool-use#json-mode
 */
export const jsonObjectToolName = 'emit_json_response';

export const jsonObjectTool: AnthropicTool = {
  name: jsonObjectToolName,
  description: 'Give the complete answer as a JSON object: call this tool with the object as its input.',
  input_schema: { type: 'object' },
};

/** Converts OpenAI function tools: `parameters` becomes `input_schema` (an empty object schema when absent). */
export function toAnthropicTools(tools: readonly ToolDefinition[]): AnthropicTool[] {
  const out: AnthropicTool[] = [];
  for (let i = 0; i < tools.length; i++) {
    const tool = tools[i];
    if (tool?.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw errors.invalidRequest(`tools[${i}] must be a function tool ({type: "function", function: {name, ...}}).`, `tools[${i}]`);
    }
    const fn = tool.function;
    if (fn.name === jsonObjectToolName) throw errors.invalidRequest(`tools[${i}]: the name ${jsonObjectToolName} is reserved by the gateway.`, `tools[${i}].function.name`);
    const inputSchema = fn.parameters ?? { type: 'object', properties: {} };
    const converted: AnthropicTool =
      fn.description === undefined ? { name: fn.name, input_schema: inputSchema } : { name: fn.name, description: fn.description, input_schema: inputSchema };
    if (typeof fn.strict === 'boolean') converted.strict = fn.strict;
    out.push(converted);
  }
  return out;
}

/**
 * Converts `tool_choice` (`required` is Anthropic's `any`, a named function its
 * `tool`) and `parallel_tool_calls: false` (`disable_parallel_tool_use`).
 */
export function toAnthropicToolChoice(choice: ChatRequest['tool_choice'] | null | undefined, parallel: boolean | null | undefined): AnthropicToolChoice | undefined {
  const single = parallel === false ? { disable_parallel_tool_use: true } : undefined;
  if (choice === undefined || choice === null) return single ? { type: 'auto', ...single } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...single };
  if (choice === 'required') return { type: 'any', ...single };
  const name = typeof choice === 'object' ? choice.function?.name : undefined;
  if (typeof name !== 'string') throw errors.invalidRequest('tool_choice must be none, auto, required or {type: "function", function: {name}}.', 'tool_choice');
  return { type: 'tool', name, ...single };
}

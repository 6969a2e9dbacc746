import type { ChatRequest, ToolDefinition } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { AnthropicInboundTool } from './wire.js';

/** What the tools of an Anthropic request become. */
export interface ChatTools {
  tools?: ToolDefinition[];
  tool_choice?: ChatRequest['tool_choice'];
  parallel_tool_calls?: boolean;
}

/**
 * Client tools as function tools (`input_schema` is the function's parameters);
 * `tool_choice` `auto`, `any` (`required`), `tool` (a named function) and `none`;
 * `disable_parallel_tool_use` as `parallel_tool_calls: false`. Anthropic's server
 * tools (`web_search_…`, `bash_…`, …) run at Anthropic only: they are dropped
 * with a warning each.
 * https://docs.claude.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function fromAnthropicTools(tools: unknown, choice: unknown, warnings: string[]): ChatTools {
  const out: ChatTools = {};
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) throw errors.invalidRequest('tools: must be an array of tools.', 'tools');
    const functions: ToolDefinition[] = [];
    for (let i = 0; i < tools.length; i++) {
      const tool = tools[i] as AnthropicInboundTool | null;
      if (tool === null || typeof tool !== 'object' || typeof tool.name !== 'string') throw errors.invalidRequest(`tools[${i}].name: Field required.`, `tools[${i}].name`);
      if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
        warnings.push(`tools[${i}] (${tool.type}) is one of Anthropic's server tools and was dropped: only Anthropic runs it`);
        continue;
      }
      const schema = tool.input_schema;
      if (schema === null || typeof schema !== 'object') throw errors.invalidRequest(`tools[${i}].input_schema: Field required.`, `tools[${i}].input_schema`);
      const fn: ToolDefinition['function'] = { name: tool.name, parameters: schema };
      if (typeof tool.description === 'string') fn.description = tool.description;
      if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
      functions.push({ type: 'function', function: fn });
    }
    if (functions.length > 0) out.tools = functions;
  }
  if (choice === undefined || choice === null) return out;
  const { type, name, disable_parallel_tool_use: single } = choice as { type?: unknown; name?: unknown; disable_parallel_tool_use?: unknown };
  if (type === 'none') out.tool_choice = 'none';
  else if (type === 'auto') out.tool_choice = 'auto';
  else if (type === 'any') out.tool_choice = 'required';
  else if (type === 'tool' && typeof name === 'string') out.tool_choice = { type: 'function', function: { name } };
  else throw errors.invalidRequest('tool_choice: must be {type: "auto" | "any" | "none"} or {type: "tool", name}.', 'tool_choice');
  if (single === true) out.parallel_tool_calls = false;
  if (out.tools === undefined) {
    // Nothing to choose from (no tools, or only server tools): a choice would be refused upstream.
    delete out.tool_choice;
    delete out.parallel_tool_calls;
  }
  return out;
}

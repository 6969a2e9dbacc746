import type { ChatRequest, ToolDefinition } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { CohereTool } from './wire-types.js';

/** What `tools` and `tool_choice` become in a Cohere request. */
export interface CohereToolFields {
  tools?: CohereTool[];
  tool_choice?: 'REQUIRED' | 'NONE';
  strict_tools?: boolean;
}

/**
 * Converts `tools` and `tool_choice`. Cohere's `tool_choice` has only `REQUIRED` and
 * `NONE` (`auto` is its default, so it is left out). A named function is forced the
 * only way Cohere can: that tool alone, with `REQUIRED`, reported as a warning since
 * the model then does not see the other tools. A function's `strict` maps to Cohere's
 * request-wide `strict_tools`.
 */
export function toCohereTools(request: ChatRequest, provider: string, warnings: string[]): CohereToolFields {
  const definitions = request.tools ?? [];
  const choice = request.tool_choice ?? undefined;
  const fields: CohereToolFields = {};
  if (definitions.length === 0) return fields;
  let selected: readonly ToolDefinition[] = definitions;
  if (choice === 'required') fields.tool_choice = 'REQUIRED';
  else if (choice === 'none') fields.tool_choice = 'NONE';
  else if (choice !== undefined && choice !== 'auto') {
    const name = typeof choice === 'object' ? choice.function?.name : undefined;
    if (typeof name !== 'string') throw errors.invalidRequest(`tool_choice ${JSON.stringify(choice)} is not supported by ${provider}; use auto, none, required or a function.`, 'tool_choice');
    selected = definitions.filter((tool) => tool.function.name === name);
    if (selected.length === 0) throw errors.invalidRequest(`tool_choice names function '${name}', which is not in tools.`, 'tool_choice');
    fields.tool_choice = 'REQUIRED';
    if (definitions.length > 1) warnings.push(`tool_choice naming a function is sent to ${provider} as tool_choice REQUIRED with only that tool`);
  }
  if (selected.length === 0) return fields;
  fields.tools = selected.map(({ function: { name, description, parameters } }) => ({
    type: 'function',
    function: { name, ...(description === undefined ? {} : { description }), parameters: parameters ?? { type: 'object', properties: {} } },
  }));
  const strict = selected.filter((tool) => tool.function.strict === true).length;
  if (strict > 0) {
    fields.strict_tools = true;
    if (strict < selected.length) warnings.push(`${provider} applies strict to every tool of a request (strict_tools); it was set for all tools`);
  }
  return fields;
}

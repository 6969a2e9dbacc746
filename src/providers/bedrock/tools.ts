import type { ChatRequest } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { BedrockConverseRequest, BedrockToolChoice, BedrockToolSpec } from './wire.js';

/**
 * The tool through which `response_format` asks for JSON: Converse has no JSON mode
 * its models share, so the model is made to call this tool and its input is the answer.
 */
export const jsonResponseTool = 'json_response';

/** Descriptions of the JSON tool; the JSON-object one is fixed, so it can be told apart. */
export const jsonObjectDescription = 'Respond with a JSON object.';
const jsonSchemaDescription = (name: string) => `Respond with a JSON object that follows the '${name}' schema.`;

/** The tool part of a Converse request. */
export interface BedrockTools {
  toolConfig: BedrockConverseRequest['toolConfig'];
  /** The answer comes as a call of `jsonResponseTool`, to be read back as text. */
  jsonResponse: boolean;
}

/**
 * Converts `tools`, `tool_choice` and `response_format` to a Converse `toolConfig`.
 * `tool_choice: "none"` has no Converse form: the tools are left out (unless the
 * conversation already has tool calls, which Converse accepts only with tools).
 */
export function toBedrockTools(request: ChatRequest, conversationUsesTools: boolean, provider: string, warnings: string[]): BedrockTools {
  const tools: BedrockToolSpec[] = [];
  let strict = false;
  for (const tool of request.tools ?? []) {
    const fn = tool.function;
    if (fn.strict) strict = true;
    tools.push({ toolSpec: { name: fn.name, ...(fn.description ? { description: fn.description } : {}), inputSchema: { json: fn.parameters ?? { type: 'object', properties: {} } } } });
  }
  if (strict) warnings.push(`tools[].function.strict is not supported by ${provider} and was dropped`);

  const format = request.response_format;
  if (format?.type === 'json_schema' || format?.type === 'json_object') {
    if (tools.some((tool) => tool.toolSpec.name === jsonResponseTool)) {
      throw errors.invalidRequest(`response_format is sent to ${provider} as a tool named '${jsonResponseTool}'; rename your tool of that name`, 'response_format');
    }
    const schema = format.type === 'json_schema' ? (format.json_schema.schema ?? { type: 'object' }) : { type: 'object' };
    if (schema.type !== undefined && schema.type !== 'object') {
      throw errors.invalidRequest(`${provider} takes response_format through a tool, whose input schema must be of type 'object'`, 'response_format');
    }
    const description = format.type === 'json_schema' ? jsonSchemaDescription(format.json_schema.name) : jsonObjectDescription;
    tools.push({ toolSpec: { name: jsonResponseTool, description, inputSchema: { json: schema } } });
    if (request.tool_choice !== undefined && request.tool_choice !== 'auto') {
      warnings.push(`tool_choice was replaced: ${provider} is made to answer in JSON through the '${jsonResponseTool}' tool`);
    }
    return { toolConfig: { tools, toolChoice: { tool: { name: jsonResponseTool } } }, jsonResponse: true };
  }

  if (tools.length === 0) {
    if (request.tool_choice !== undefined && request.tool_choice !== 'none') warnings.push(`tool_choice was dropped: the request has no tools`);
    return { toolConfig: undefined, jsonResponse: false };
  }
  const choice = request.tool_choice;
  if (choice === 'none') {
    if (!conversationUsesTools) {
      warnings.push(`tool_choice 'none' is not supported by ${provider}; the tools were not sent`);
      return { toolConfig: undefined, jsonResponse: false };
    }
    warnings.push(`tool_choice 'none' is not supported by ${provider}; the tools were sent, as the conversation has tool calls, and the model may call them`);
  }
  return { toolConfig: { tools, ...(choice === undefined || choice === 'none' ? {} : { toolChoice: toToolChoice(choice) }) }, jsonResponse: false };
}

function toToolChoice(choice: Exclude<ChatRequest['tool_choice'], 'none' | undefined>): BedrockToolChoice {
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  return { tool: { name: choice.function.name } };
}

import type { ChatRequest, ToolDefinition } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { fromGeminiSchema } from './from-gemini-schema.js';
import type { InboundFunctionCallingConfig, InboundTool } from './wire.js';

/** The chat request's tool fields. */
type ChatTools = Pick<ChatRequest, 'tools' | 'tool_choice'>;

/**
 * Converts `tools` and `toolConfig.functionCallingConfig` into chat tools and
 * `tool_choice`. Function declarations keep their JSON Schema (`parametersJsonSchema`)
 * or have their `Schema` (`parameters`) converted. Google's own tools (`googleSearch`,
 * `codeExecution`, ...) exist only on Gemini models and are dropped with a warning.
 * Modes: `AUTO` is `auto`, `NONE` is `none`, `ANY` is `required`, or the one function
 * when `allowedFunctionNames` names one; with several names, only those are offered.
 */
export function fromGeminiTools(tools: unknown, config: InboundFunctionCallingConfig | undefined, warnings: string[]): ChatTools {
  const out: ChatTools = {};
  if (tools !== undefined && !Array.isArray(tools)) throw errors.invalidRequest('tools must be an array of Tool objects.', 'tools');
  const definitions: ToolDefinition[] = [];
  for (let i = 0; i < (tools?.length ?? 0); i++) {
    const tool = (tools as InboundTool[])[i] ?? {};
    for (const kind of Object.keys(tool)) {
      if (kind !== 'functionDeclarations') warnings.push(`tools[${i}].${kind} is a Gemini tool that this model does not have and was dropped`);
    }
    const declarations = tool.functionDeclarations ?? [];
    for (let j = 0; j < declarations.length; j++) {
      const declaration = declarations[j];
      const param = `tools[${i}].functionDeclarations[${j}]`;
      if (typeof declaration?.name !== 'string' || declaration.name === '') throw errors.invalidRequest('A function declaration needs a name.', `${param}.name`);
      const definition: ToolDefinition = { type: 'function', function: { name: declaration.name } };
      if (declaration.description !== undefined) definition.function.description = declaration.description;
      const parameters = declaration.parametersJsonSchema ?? (declaration.parameters === undefined ? undefined : fromGeminiSchema(declaration.parameters));
      if (parameters !== undefined) definition.function.parameters = parameters as Record<string, unknown>;
      definitions.push(definition);
    }
  }
  if (definitions.length > 0) out.tools = definitions;
  const mode = config?.mode;
  if (mode === undefined || mode === 'MODE_UNSPECIFIED') return out;
  if (mode === 'AUTO') out.tool_choice = 'auto';
  else if (mode === 'NONE') out.tool_choice = 'none';
  else if (mode === 'VALIDATED') {
    out.tool_choice = 'auto';
    warnings.push('toolConfig.functionCallingConfig.mode VALIDATED was sent as AUTO: this model has no schema-validated mode');
  } else if (mode === 'ANY') {
    const allowed = config?.allowedFunctionNames ?? [];
    if (allowed.length === 1) out.tool_choice = { type: 'function', function: { name: allowed[0] } };
    else {
      out.tool_choice = 'required';
      if (allowed.length > 1 && out.tools) out.tools = out.tools.filter((tool) => allowed.includes(tool.function.name));
    }
  } else {
    throw errors.invalidRequest(`toolConfig.functionCallingConfig.mode '${mode}' is not one of AUTO, ANY, NONE, VALIDATED.`, 'toolConfig.functionCallingConfig.mode');
  }
  return out;
}

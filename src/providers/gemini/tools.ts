import type { ChatRequest, ToolDefinition } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { GeminiFunctionCallingMode, GeminiFunctionDeclaration, GeminiRequestBody } from './wire.js';

const modes: Readonly<Record<'auto' | 'none' | 'required', GeminiFunctionCallingMode>> = {
  auto: 'AUTO',
  none: 'NONE',
  required: 'ANY',
} satisfies Record<'auto' | 'none' | 'required', GeminiFunctionCallingMode>;

/**
 * OpenAI function tools as one Gemini tool of `functionDeclarations`. The parameters go
 * in `parametersJsonSchema`, which takes JSON Schema as it is (`parameters` takes only
 * an OpenAPI subset). https://ai.google.dev/api/caching#FunctionDeclaration
 */
export function toGeminiTools(tools: readonly ToolDefinition[]): NonNullable<GeminiRequestBody['tools']> {
  const declarations: GeminiFunctionDeclaration[] = [];
  for (let i = 0; i < tools.length; i++) {
    const tool = tools[i];
    if (tool.type !== 'function' || !tool.function?.name) throw errors.invalidRequest('Only function tools with a name can be sent to Gemini.', `tools[${i}]`);
    const declaration: GeminiFunctionDeclaration = { name: tool.function.name };
    if (tool.function.description !== undefined) declaration.description = tool.function.description;
    if (tool.function.parameters !== undefined) declaration.parametersJsonSchema = tool.function.parameters;
    declarations.push(declaration);
  }
  return [{ functionDeclarations: declarations }];
}

/** `tool_choice` as `toolConfig.functionCallingConfig`: a named function is mode `ANY` limited to that name. */
export function toGeminiToolConfig(choice: NonNullable<ChatRequest['tool_choice']>): NonNullable<GeminiRequestBody['toolConfig']> {
  if (typeof choice === 'string') {
    const mode = modes[choice];
    if (mode === undefined) throw errors.invalidRequest(`tool_choice '${choice}' is not supported.`, 'tool_choice');
    return { functionCallingConfig: { mode } };
  }
  const name = choice?.function?.name;
  if (typeof name !== 'string') throw errors.invalidRequest('tool_choice must name a function.', 'tool_choice');
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } };
}

import type { ChatRequest } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { fromAnthropicMessages } from './from-anthropic-messages.js';
import { fromAnthropicThinking } from './from-anthropic-thinking.js';
import { fromAnthropicTools } from './from-anthropic-tools.js';

/** Fields read on their own (or read elsewhere), not in the loop below. */
const readFields: ReadonlySet<string> = new Set(['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'output_config', 'stream']);

/** Fields with no effect on the answer's content, dropped without a warning: caching hints and where the request is served. */
const ignoredFields: ReadonlySet<string> = new Set(['cache_control', 'service_tier', 'inference_geo', 'speed', 'diagnostics']);

/** Options of `fromAnthropicRequest`. */
export interface FromAnthropicOptions {
  /** `count_tokens` bodies have no `max_tokens`. */
  counting?: boolean;
}

/**
 * An Anthropic Messages request as a chat request, for a provider that does not
 * speak Anthropic's API: system prompt and content blocks (`from-anthropic-messages.ts`),
 * tools and tool choice, `max_tokens`, `temperature`, `top_p`, `stop_sequences`
 * (`stop`), thinking or `output_config.effort` (`reasoning_effort`), a JSON
 * schema in `output_config.format` (`response_format`), `metadata.user_id` (`user`).
 * What has no equal (`top_k`, containers, MCP servers, ...) is dropped with a warning.
 * `model` is taken as given: the caller resolves it first.
 * https://docs.claude.com/en/api/messages
 */
export function fromAnthropicRequest(body: unknown, warnings: string[], options: FromAnthropicOptions = {}): ChatRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.invalidRequest('The request body must be a JSON object.');
  const source = body as Record<string, unknown>;
  if (typeof source.model !== 'string' || source.model === '') throw errors.invalidModel('model: Field required (a string such as "openai/gpt-4o" or "claude-sonnet-4-5").');
  const maxTokens = source.max_tokens;
  if (!options.counting && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw errors.invalidRequest('max_tokens: Field required (a positive integer).', 'max_tokens');
  }
  const request: ChatRequest = { model: source.model, messages: fromAnthropicMessages(source.system, source.messages, warnings) };
  if (source.stream === true && !options.counting) request.stream = true;
  const outputConfig = (source.output_config ?? undefined) as { effort?: unknown; format?: { type?: unknown; schema?: unknown } | null; [field: string]: unknown } | undefined;
  const effort = fromAnthropicThinking(source.thinking, outputConfig?.effort, warnings);
  if (effort !== undefined) request.reasoning_effort = effort;
  if (outputConfig !== undefined) addOutputConfig(request, outputConfig, warnings);
  Object.assign(request, fromAnthropicTools(source.tools, source.tool_choice, warnings));

  for (const field in source) {
    const value = source[field];
    if (value === undefined || value === null || readFields.has(field) || ignoredFields.has(field)) continue;
    switch (field) {
      case 'max_tokens':
        if (!options.counting) request.max_completion_tokens = value as number;
        break;
      case 'temperature':
      case 'top_p':
        request[field] = value as number;
        break;
      case 'stop_sequences':
        if (!Array.isArray(value) || value.some((stop) => typeof stop !== 'string')) throw errors.invalidRequest('stop_sequences: must be an array of strings.', 'stop_sequences');
        if (value.length > 0) request.stop = value as string[];
        break;
      case 'metadata': {
        const user = (value as { user_id?: unknown }).user_id;
        if (typeof user === 'string' && user !== '') request.user = user;
        break;
      }
      default:
        warnings.push(`${field} cannot be translated for a provider without Anthropic's API and was dropped`);
    }
  }
  return request;
}

/** `output_config.format` (a JSON schema) as `response_format`; `effort` is read with thinking. */
function addOutputConfig(request: ChatRequest, config: { format?: { type?: unknown; schema?: unknown } | null; [field: string]: unknown }, warnings: string[]): void {
  for (const field in config) {
    if (field === 'effort' || config[field] === undefined || config[field] === null) continue;
    if (field !== 'format') {
      warnings.push(`output_config.${field} cannot be translated for a provider without Anthropic's API and was dropped`);
      continue;
    }
    const format = config.format!;
    if (format.type !== 'json_schema' || format.schema === null || typeof format.schema !== 'object') {
      throw errors.invalidRequest('output_config.format: must be {type: "json_schema", schema}.', 'output_config.format');
    }
    request.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: format.schema as Record<string, unknown>, strict: true } };
  }
}

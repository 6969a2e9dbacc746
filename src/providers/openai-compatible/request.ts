import type { ChatRequest, CompletionRequest, EmbeddingRequest, ResponsesRequest } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { OpenAICompatibleProfile } from './profile.js';
import { dropUnsupported, renameFields, rewriteMessages, withStreamFields } from './request-fields.js';

/**
 * Builds the upstream chat body. The request is forwarded as it came, fields the
 * gateway does not interpret included; only what the profile declares is changed:
 * unsupported fields dropped and renamed ones renamed (with warnings naming
 * `provider`), and a `json_object` the provider lacks replaced or refused.
 */
export function toOpenAIChatBody(
  request: ChatRequest,
  stream: boolean,
  profile: OpenAICompatibleProfile,
  warnings: string[],
  provider: string = profile.id,
): string {
  let body: Record<string, unknown> = request;
  if (profile.unsupportedParams) body = dropUnsupported(body, profile.unsupportedParams, provider, warnings);
  if (profile.renamedParams) body = renameFields(body, profile.renamedParams, provider, warnings);
  if (profile.developerRole || profile.unsupportedMessageFields) {
    const messages = rewriteMessages(request.messages, profile, provider, warnings);
    if (messages !== request.messages) body = { ...body, messages };
  }
  if (profile.responseFormat && request.response_format) body = toResponseFormat(body, profile.responseFormat, provider, warnings);
  return JSON.stringify(withStreamFields(body, request, stream, profile));
}

/** Builds the upstream embeddings body, forwarded as it came. */
export function toOpenAIEmbeddingBody(request: EmbeddingRequest): string {
  return JSON.stringify(request);
}

/** Builds the upstream legacy completions body: forwarded, less the fields the profile declares unsupported. */
export function toOpenAICompletionBody(
  request: CompletionRequest,
  stream: boolean,
  profile: OpenAICompatibleProfile,
  warnings: string[],
  provider: string = profile.id,
): string {
  let body: Record<string, unknown> = request;
  if (profile.unsupportedCompletionParams) body = dropUnsupported(body, profile.unsupportedCompletionParams, provider, warnings);
  return JSON.stringify(withStreamFields(body, request, stream, profile));
}

/** Builds the upstream Responses API body: forwarded as it came, with `stream` as the call needs it. */
export function toOpenAIResponsesBody(request: ResponsesRequest, stream: boolean): string {
  if (stream) return JSON.stringify(request.stream === true ? request : { ...request, stream: true });
  if (request.stream === undefined) return JSON.stringify(request);
  const { stream: _stream, ...rest } = request;
  return JSON.stringify(rest);
}

type ResponseFormatRule = NonNullable<OpenAICompatibleProfile['responseFormat']>;

/**
 * Replaces or refuses a `json_object` the provider lacks, as its profile says; never
 * silently. (`json_schema` needs no rule here: a provider without it declares
 * `capabilities.jsonSchema: false`, and the core refuses such a request.)
 */
function toResponseFormat(
  body: Record<string, unknown>,
  rule: ResponseFormatRule,
  provider: string,
  warnings: string[],
): Record<string, unknown> {
  if ((body.response_format as ChatRequest['response_format'])?.type !== 'json_object') return body;
  if (rule.jsonObject === 'reject') {
    throw errors.invalidRequest(`response_format type json_object is not supported by ${provider}; use json_schema instead`, 'response_format');
  }
  warnings.push(`response_format json_object is not supported by ${provider}; sent as json_schema allowing any JSON object`);
  return { ...body, response_format: { type: 'json_schema', json_schema: { name: 'json_object', schema: { type: 'object' } } } };
}

import type { ChatRequest, EmbeddingRequest } from '../../api/index.js';
import type { OpenAICompatibleProfile } from './profile.js';

/**
 * Builds the upstream chat body. The request is forwarded as it came, fields the
 * gateway does not interpret included; only fields the profile declares
 * unsupported are dropped, each with a warning.
 */
export function toOpenAIChatBody(request: ChatRequest, stream: boolean, profile: OpenAICompatibleProfile, warnings: string[]): string {
  let body: Record<string, unknown> = request;
  if (profile.unsupportedParams) body = dropUnsupported(body, profile, warnings);
  if (stream) {
    const includeUsage = profile.streamUsage ? { include_usage: true } : undefined;
    body = body === request ? { ...request } : body;
    body.stream = true;
    if (includeUsage) body.stream_options = { ...(request.stream_options ?? {}), ...includeUsage };
  } else if (request.stream !== undefined) {
    body = body === request ? { ...request } : body;
    delete body.stream;
    delete body.stream_options;
  }
  return JSON.stringify(body);
}

/** Builds the upstream embeddings body, forwarded as it came. */
export function toOpenAIEmbeddingBody(request: EmbeddingRequest): string {
  return JSON.stringify(request);
}

function dropUnsupported(body: Record<string, unknown>, profile: OpenAICompatibleProfile, warnings: string[]): Record<string, unknown> {
  let out = body;
  for (const param of profile.unsupportedParams ?? []) {
    if (body[param] === undefined) continue;
    if (out === body) out = { ...body };
    delete out[param];
    warnings.push(`${param} is not supported by ${profile.id} and was dropped`);
  }
  return out;
}

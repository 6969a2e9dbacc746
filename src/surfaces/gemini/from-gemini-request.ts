import type { ChatRequest } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { fromGeminiContents } from './from-gemini-contents.js';
import { fromGeminiGenerationConfig } from './from-gemini-generation-config.js';
import { fromGeminiTools } from './from-gemini-tools.js';
import type { InboundCountTokensRequest, InboundGenerateContentRequest } from './wire.js';

/** Top-level fields read below; `model` is the URL's, whatever the body says. */
const read: ReadonlySet<string> = new Set(['contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig', 'model']);

/** A Gemini request read into a chat request, and what the answer's encoding needs to know of it. */
export interface FromGeminiRequest {
  request: ChatRequest;
  /** Whether the client asked for thought summaries (`thinkingConfig.includeThoughts`); Gemini leaves them out otherwise. */
  includeThoughts: boolean;
}

/**
 * Reads a `generateContent` / `streamGenerateContent` body into a chat request for
 * `model` (`provider/model`), for a model whose provider does not speak the Gemini API.
 * What the model cannot be asked (`safetySettings`, Google's own tools, `topK`, ...) is
 * dropped with a warning in `warnings`; `cachedContent` is refused, since the model
 * would answer without the content it stands for.
 */
export function fromGeminiRequest(body: InboundGenerateContentRequest, model: string, stream: boolean, warnings: string[]): FromGeminiRequest {
  if (body.cachedContent !== undefined) throw errors.invalidRequest('cachedContent exists only on Gemini models; send the content itself.', 'cachedContent');
  for (const field in body) {
    if (!read.has(field) && body[field] !== undefined && body[field] !== null) warnings.push(`${field} is not supported by this model and was dropped`);
  }
  const request: ChatRequest = {
    model,
    messages: fromGeminiContents(body.contents, body.systemInstruction, warnings),
    ...fromGeminiTools(body.tools, body.toolConfig?.functionCallingConfig, warnings),
    ...fromGeminiGenerationConfig(body.generationConfig, warnings),
  };
  if (stream) {
    request.stream = true;
    request.stream_options = { include_usage: true };
  }
  return { request, includeThoughts: body.generationConfig?.thinkingConfig?.includeThoughts === true };
}

/**
 * Reads a `countTokens` body (`contents`, or a whole `generateContentRequest`) into the
 * chat request whose input tokens it asks about.
 */
export function fromGeminiCountTokensRequest(body: InboundCountTokensRequest, model: string, warnings: string[]): ChatRequest {
  const request: InboundGenerateContentRequest = body.generateContentRequest ?? { contents: body.contents };
  if (!Array.isArray(request.contents)) throw errors.invalidRequest('countTokens needs contents, or a generateContentRequest with contents.', 'contents');
  return fromGeminiRequest(request, model, false, warnings).request;
}

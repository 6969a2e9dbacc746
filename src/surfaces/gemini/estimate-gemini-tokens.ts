import { errors } from '../../errors/index.js';
import type { GeminiContent, GeminiPart, InboundCountTokensRequest, InboundGenerateContentRequest } from './wire.js';

/**
 * Tokens Gemini counts for an image (one of up to 384 px a side; larger ones are tiled,
 * https://ai.google.dev/gemini-api/docs/tokens#multimodal-tokens). Other media count here the same.
 */
export const tokensPerMediaPart = 258;

/** The tokenizer, loaded on the first count: most gateways never count, and its tables are large. */
let tokenizer: Promise<{ countTokens(text: string): number }> | undefined;

/** The answer of `countTokens`. */
export interface GeminiTokenCount {
  totalTokens: number;
}

/**
 * Estimates `countTokens` for a model whose provider cannot count: the text of the
 * system instruction, the contents (function calls and responses as their name and
 * JSON) and the function declarations, counted with OpenAI's `o200k_base` encoding
 * (the `gpt-tokenizer` package), plus `tokensPerMediaPart` per image or other media part.
 * Other models' tokenizers differ: it is an estimate, and the caller says so.
 */
export async function estimateGeminiTokens(body: InboundCountTokensRequest): Promise<GeminiTokenCount> {
  const request: InboundGenerateContentRequest = body.generateContentRequest ?? { contents: body.contents };
  const contents = request.contents;
  if (!Array.isArray(contents)) throw errors.invalidRequest('countTokens needs contents, or a generateContentRequest with contents.', 'contents');
  const texts: string[] = [];
  let media = 0;
  const readParts = (parts: GeminiPart[] | undefined) => {
    for (const part of parts ?? []) {
      if (typeof part?.text === 'string') texts.push(part.text);
      else if (part?.functionCall) texts.push(part.functionCall.name, JSON.stringify(part.functionCall.args ?? {}));
      else if (part?.functionResponse) texts.push(part.functionResponse.name, JSON.stringify(part.functionResponse.response ?? {}));
      else if (part?.inlineData || part?.fileData) media++;
    }
  };
  const system = request.systemInstruction;
  if (typeof system === 'string') texts.push(system);
  else readParts(system?.parts);
  for (const content of contents as GeminiContent[]) readParts(content?.parts);
  for (const tool of request.tools ?? []) if (tool?.functionDeclarations) texts.push(JSON.stringify(tool.functionDeclarations));
  const { countTokens } = await (tokenizer ??= import('gpt-tokenizer/encoding/o200k_base'));
  let total = media * tokensPerMediaPart;
  for (const text of texts) if (text !== '') total += countTokens(text);
  return { totalTokens: total };
}

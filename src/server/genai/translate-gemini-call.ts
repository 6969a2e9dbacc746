import type { Gateway } from '../../gateway.js';
import { estimateChatTokens } from '../../surfaces/estimate-chat-tokens.js';
import { fromGeminiEmbedRequest } from '../../surfaces/gemini/from-gemini-embed-request.js';
import { fromGeminiCountTokensRequest, fromGeminiRequest } from '../../surfaces/gemini/from-gemini-request.js';
import { GeminiStreamEncoder, type GeminiStreamFraming } from '../../surfaces/gemini/gemini-stream-encoder.js';
import { toGeminiEmbedResponse } from '../../surfaces/gemini/to-gemini-embed-response.js';
import { toGeminiResponse } from '../../surfaces/gemini/to-gemini-response.js';
import type { Exchange } from '../exchange.js';
import { sendJson } from '../send.js';
import { sendGeminiStream } from './send-gemini-stream.js';

/** One Gemini API call for a model whose provider does not speak the Gemini API. */
export interface TranslatedCall {
  method: string;
  /** `provider/model`. */
  model: string;
  body: Record<string, unknown>;
  /** How a stream is framed; `undefined` for an answer in one piece. */
  framing: GeminiStreamFraming | undefined;
}

/**
 * Serves a Gemini API call through the gateway's own operations: `generateContent`
 * and `streamGenerateContent` through chat, the embeddings methods through `embed`,
 * and `countTokens` as an estimate (reported in `x-switchyard-warnings`).
 */
export function translateGeminiCall(gateway: Gateway, exchange: Exchange, call: TranslatedCall): Promise<void> {
  const { context } = exchange;
  const { method, model, body, framing } = call;
  switch (method) {
    case 'generateContent':
    case 'streamGenerateContent': {
      const { request, includeThoughts } = fromGeminiRequest(body, model, framing !== undefined, context.warnings);
      if (framing !== undefined) {
        return sendGeminiStream(exchange, gateway.chatStream(request, { context }), new GeminiStreamEncoder({ framing, includeThoughts }), framing);
      }
      return gateway.chat(request, { context }).then((response) => sendJson(exchange, 200, toGeminiResponse(response, includeThoughts)));
    }
    case 'embedContent':
    case 'batchEmbedContents': {
      const batch = method === 'batchEmbedContents';
      const request = fromGeminiEmbedRequest(body, batch, model, context.warnings);
      return gateway.embed(request, { context }).then((response) => sendJson(exchange, 200, toGeminiEmbedResponse(response, batch)));
    }
    default:
      return estimateChatTokens(fromGeminiCountTokensRequest(body, model, context.warnings)).then((totalTokens) => {
        context.warnings.push(`countTokens: ${model} cannot count tokens through the gateway; totalTokens is an estimate (o200k_base tokenizer)`);
        sendJson(exchange, 200, { totalTokens });
      });
  }
}

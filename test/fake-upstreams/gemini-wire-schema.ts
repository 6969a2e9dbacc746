import { z } from 'zod';

/**
 * Strict schemas of the Gemini REST wire format (https://ai.google.dev/api/generate-content),
 * field for field from the `@google/genai` SDK's types (`Part`, `Candidate`,
 * `GenerateContentResponse`, `GenerationConfig`, ...), so that recorded fixtures and the
 * bodies the gateway builds cannot drift from the real API.
 */

const modalityTokenCount = z.strictObject({ modality: z.enum(['MODALITY_UNSPECIFIED', 'TEXT', 'IMAGE', 'VIDEO', 'AUDIO', 'DOCUMENT']), tokenCount: z.number().int() });

const part = z
  .strictObject({
    text: z.string().optional(),
    thought: z.boolean().optional(),
    thoughtSignature: z.string().optional(),
    inlineData: z.strictObject({ mimeType: z.string(), data: z.string() }).optional(),
    fileData: z.strictObject({ mimeType: z.string().optional(), fileUri: z.string() }).optional(),
    functionCall: z.strictObject({ id: z.string().optional(), name: z.string(), args: z.record(z.string(), z.unknown()).optional() }).optional(),
    functionResponse: z.strictObject({ id: z.string().optional(), name: z.string(), response: z.record(z.string(), z.unknown()) }).optional(),
  })
  .refine((value) => ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse'].filter((field) => field in value).length === 1, 'a part sets exactly one data field');

const content = z.strictObject({ role: z.enum(['user', 'model']).optional(), parts: z.array(part) });

const finishReason = z.enum([
  'FINISH_REASON_UNSPECIFIED', 'STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'LANGUAGE', 'OTHER', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII',
  'MALFORMED_FUNCTION_CALL', 'IMAGE_SAFETY', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS', 'IMAGE_PROHIBITED_CONTENT', 'NO_IMAGE', 'IMAGE_RECITATION', 'IMAGE_OTHER',
]);

const safetyRating = z.strictObject({
  category: z.string(),
  probability: z.enum(['HARM_PROBABILITY_UNSPECIFIED', 'NEGLIGIBLE', 'LOW', 'MEDIUM', 'HIGH']),
  blocked: z.boolean().optional(),
});

const candidate = z.strictObject({
  content: content.optional(),
  finishReason: finishReason.optional(),
  finishMessage: z.string().optional(),
  index: z.number().int().optional(),
  safetyRatings: z.array(safetyRating).optional(),
  citationMetadata: z.strictObject({ citationSources: z.array(z.strictObject({ startIndex: z.number(), endIndex: z.number(), uri: z.string().optional(), license: z.string().optional() })) }).optional(),
  avgLogprobs: z.number().optional(),
  tokenCount: z.number().int().optional(),
});

/** A `GenerateContentResponse`, as the API sends it whole or as one stream event. */
export const geminiResponseSchema = z.strictObject({
  candidates: z.array(candidate).optional(),
  promptFeedback: z
    .strictObject({ blockReason: z.enum(['BLOCKED_REASON_UNSPECIFIED', 'SAFETY', 'OTHER', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'IMAGE_SAFETY']).optional(), safetyRatings: z.array(safetyRating).optional() })
    .optional(),
  usageMetadata: z
    .strictObject({
      promptTokenCount: z.number().int().optional(),
      candidatesTokenCount: z.number().int().optional(),
      totalTokenCount: z.number().int().optional(),
      cachedContentTokenCount: z.number().int().optional(),
      thoughtsTokenCount: z.number().int().optional(),
      toolUsePromptTokenCount: z.number().int().optional(),
      promptTokensDetails: z.array(modalityTokenCount).optional(),
      cacheTokensDetails: z.array(modalityTokenCount).optional(),
      candidatesTokensDetails: z.array(modalityTokenCount).optional(),
      toolUsePromptTokensDetails: z.array(modalityTokenCount).optional(),
    })
    .optional(),
  modelVersion: z.string().optional(),
  responseId: z.string().optional(),
});

/** Google's error body: `{"error": {"code", "message", "status", "details"}}`. */
export const googleErrorSchema = z.strictObject({
  error: z.strictObject({ code: z.number().int(), message: z.string(), status: z.string(), details: z.array(z.looseObject({ '@type': z.string() })).optional() }),
});

/** The body of `generateContent` / `streamGenerateContent`, as far as the gateway builds it. */
export const geminiRequestSchema = z.strictObject({
  contents: z.array(content),
  systemInstruction: z.strictObject({ parts: z.array(part) }).optional(),
  tools: z.array(z.strictObject({ functionDeclarations: z.array(z.strictObject({ name: z.string(), description: z.string().optional(), parametersJsonSchema: z.unknown().optional() })) })).optional(),
  toolConfig: z
    .strictObject({ functionCallingConfig: z.strictObject({ mode: z.enum(['AUTO', 'ANY', 'NONE', 'VALIDATED']), allowedFunctionNames: z.array(z.string()).optional() }) })
    .optional(),
  generationConfig: z
    .strictObject({
      maxOutputTokens: z.number().int().optional(),
      temperature: z.number().optional(),
      topP: z.number().optional(),
      stopSequences: z.array(z.string()).optional(),
      seed: z.number().int().optional(),
      candidateCount: z.number().int().optional(),
      presencePenalty: z.number().optional(),
      frequencyPenalty: z.number().optional(),
      responseMimeType: z.string().optional(),
      responseJsonSchema: z.unknown().optional(),
      thinkingConfig: z.strictObject({ thinkingBudget: z.number().int().optional(), includeThoughts: z.boolean().optional() }).optional(),
    })
    .optional(),
});

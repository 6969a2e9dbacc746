/**
 * The Gemini API as clients send it to the gateway (https://ai.google.dev/api, field
 * names as in the `@google/genai` SDK). The parts the provider adapter also writes are
 * re-exported from its wire types; what only clients send (OpenAPI `Schema`s, `topK`,
 * `thinkingLevel`, embeddings, token counts) is declared here. Everything is optional
 * on the way in: a client's body is checked while it is read.
 */
import type { GeminiCandidate, GeminiContent, GeminiPart, GeminiResponse, GeminiUsageMetadata } from '../../providers/gemini/wire.js';

export type { GeminiCandidate, GeminiContent, GeminiPart, GeminiResponse, GeminiUsageMetadata };

/** Google's OpenAPI-subset schema (`parameters`, `responseSchema`), types in upper case (`OBJECT`). */
export interface GeminiSchema {
  type?: string;
  format?: string;
  title?: string;
  description?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  items?: GeminiSchema;
  anyOf?: GeminiSchema[];
  propertyOrdering?: string[];
  [constraint: string]: unknown;
}

/** One function the model may call, with parameters as a `Schema` or as plain JSON Schema. */
export interface InboundFunctionDeclaration {
  name?: string;
  description?: string;
  parameters?: GeminiSchema;
  parametersJsonSchema?: unknown;
  [field: string]: unknown;
}

/** One entry of `tools`: function declarations, or one of Google's own tools (`googleSearch`, ...). */
export interface InboundTool {
  functionDeclarations?: InboundFunctionDeclaration[];
  [googleTool: string]: unknown;
}

/** `toolConfig.functionCallingConfig`. */
export interface InboundFunctionCallingConfig {
  mode?: 'MODE_UNSPECIFIED' | 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED' | string;
  allowedFunctionNames?: string[];
}

/** `generationConfig` as clients send it. */
export interface InboundGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  candidateCount?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseSchema?: GeminiSchema;
  responseJsonSchema?: unknown;
  thinkingConfig?: { thinkingBudget?: number; includeThoughts?: boolean; thinkingLevel?: string };
  [field: string]: unknown;
}

/** The body of `generateContent`, `streamGenerateContent` and (inside `generateContentRequest`) `countTokens`. */
export interface InboundGenerateContentRequest {
  contents?: GeminiContent[];
  systemInstruction?: GeminiContent | string;
  tools?: InboundTool[];
  toolConfig?: { functionCallingConfig?: InboundFunctionCallingConfig };
  generationConfig?: InboundGenerationConfig;
  [field: string]: unknown;
}

/** The body of `embedContent`, and one entry of `batchEmbedContents`' `requests`. */
export interface InboundEmbedContentRequest {
  model?: string;
  content?: GeminiContent;
  taskType?: string;
  title?: string;
  outputDimensionality?: number;
}

/** The body of `countTokens`: `contents`, or a whole `generateContentRequest`. */
export interface InboundCountTokensRequest {
  contents?: GeminiContent[];
  generateContentRequest?: InboundGenerateContentRequest;
}

/** One entry of `GET /v1beta/models` (https://ai.google.dev/api/models#Model). */
export interface GeminiModel {
  name: string;
  baseModelId: string;
  version: string;
  displayName: string;
  description: string;
  supportedGenerationMethods: string[];
}

/** Google's error body (https://ai.google.dev/gemini-api/docs/troubleshooting). */
export interface GeminiErrorBody {
  error: { code: number; message: string; status: string; details?: Array<Record<string, unknown>> };
}

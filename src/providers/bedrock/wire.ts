/**
 * The parts of Bedrock Runtime's wire format the adapter speaks, as the API
 * reference and `@aws-sdk/client-bedrock-runtime` declare them:
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */

/** An image format Converse takes. */
export type BedrockImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

/** A content block of a Converse message (a union: exactly one member is set). */
export type BedrockContentBlock =
  | { text: string }
  | { image: { format: BedrockImageFormat; source: { bytes: string } | { s3Location: { uri: string; bucketOwner?: string } } } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: Array<{ text: string } | { json: unknown }>; status?: 'success' | 'error' } }
  | { reasoningContent: { reasoningText?: { text: string; signature?: string }; redactedContent?: string } };

export interface BedrockMessage {
  role: 'user' | 'assistant';
  content: BedrockContentBlock[];
}

export interface BedrockToolSpec {
  toolSpec: { name: string; description?: string; inputSchema: { json: unknown } };
}

export type BedrockToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

/** The body of `POST /model/{modelId}/converse` and `/converse-stream` (the model id is in the path). */
export interface BedrockConverseRequest {
  messages: BedrockMessage[];
  system?: Array<{ text: string }>;
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  toolConfig?: { tools: BedrockToolSpec[]; toolChoice?: BedrockToolChoice };
  additionalModelRequestFields?: Record<string, unknown>;
}

/** `TokenUsage`: `inputTokens` excludes the cache reads and writes, which are counted apart. */
export interface BedrockUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** The answer of `converse`. */
export interface BedrockConverseResponse {
  output?: { message?: { role?: string; content?: Array<Partial<Record<string, unknown>>> } };
  stopReason?: string;
  usage?: BedrockUsage;
  metrics?: { latencyMs?: number };
  additionalModelResponseFields?: unknown;
}

/** The payloads of `converse-stream` events, by `:event-type`. */
export interface BedrockStreamEvents {
  messageStart: { role?: string };
  contentBlockStart: { contentBlockIndex?: number; start?: { toolUse?: { toolUseId?: string; name?: string } } };
  contentBlockDelta: {
    contentBlockIndex?: number;
    delta?: {
      text?: string;
      toolUse?: { input?: string };
      reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
    };
  };
  contentBlockStop: { contentBlockIndex?: number };
  messageStop: { stopReason?: string; additionalModelResponseFields?: unknown };
  metadata: { usage?: BedrockUsage; metrics?: { latencyMs?: number } };
}

/** An error body: `message` (or `Message` from the auth layer); the type is in `x-amzn-errortype`. */
export interface BedrockErrorBody {
  message?: string;
  Message?: string;
  __type?: string;
  /** `modelStreamErrorException` only: the model's own status and message. */
  originalStatusCode?: number;
  originalMessage?: string;
}

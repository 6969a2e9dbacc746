/** A vendor API that clients may speak to the gateway and that some providers serve natively. */
export type NativeApi = 'anthropic-messages' | 'gemini';

/**
 * A request in a vendor API's own shape, to be passed to a provider that speaks
 * that API natively, byte for byte in spirit: only `model` is set to the
 * provider's own name (in the body or the URL, as the API wants).
 */
export interface PassthroughRequest {
  api: NativeApi;
  /**
   * The API's operation: `messages`, `count_tokens` (Anthropic Messages);
   * `generateContent`, `streamGenerateContent`, `countTokens`, `embedContent`,
   * `batchEmbedContents` (Gemini).
   */
  operation: string;
  /** `provider/model` (or a bare model name a key lists) on the way in; the provider's own name in adapters. */
  model: string;
  /** The request body as the client sent it. */
  body: Record<string, unknown>;
  /** Whether the answer is a stream. */
  stream: boolean;
}

/** A provider's native answer, relayed as it came: status 2xx, its headers, its body bytes. */
export interface PassthroughResponse {
  status: number;
  /** The provider's response headers (lower-cased names) worth relaying: content type, request ids, rate-limit state. */
  headers: Record<string, string>;
  /** The body; for a stream, read it to its end or `return()` it to release the upstream connection. */
  body: AsyncIterable<Uint8Array>;
}

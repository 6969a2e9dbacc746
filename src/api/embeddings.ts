/** An embeddings request, OpenAI's shape. Unknown fields are forwarded to OpenAI-wire providers. */
export interface EmbeddingRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  [field: string]: unknown;
}

/** One embedding vector (or its base64 form when `encoding_format` is `base64`). */
export interface Embedding {
  object: 'embedding';
  index: number;
  embedding: number[] | string;
}

/** An embeddings response, OpenAI's shape. */
export interface EmbeddingResponse {
  object: 'list';
  data: Embedding[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
  [field: string]: unknown;
}

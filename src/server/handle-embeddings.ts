import type { EmbeddingRequest } from '../api/index.js';
import type { Gateway } from '../gateway.js';
import type { Exchange } from './exchange.js';
import { readJsonBody } from './read-json-body.js';
import { sendJson } from './send.js';

/** `POST /v1/embeddings`. */
export async function handleEmbeddings(gateway: Gateway, exchange: Exchange): Promise<void> {
  return answerEmbeddings(gateway, exchange, await readJsonBody(exchange));
}

/** Answers an embeddings request whose body was read. */
export async function answerEmbeddings(gateway: Gateway, exchange: Exchange, body: unknown): Promise<void> {
  const request = body as EmbeddingRequest;
  const response = await gateway.embed(request, { context: exchange.context });
  sendJson(exchange, 200, response);
}

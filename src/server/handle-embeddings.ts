import type { EmbeddingRequest } from '../api/index.js';
import type { Gateway } from '../gateway.js';
import type { Exchange } from './exchange.js';
import { readJsonBody } from './read-json-body.js';
import { sendJson } from './send.js';

/** `POST /v1/embeddings`. */
export async function handleEmbeddings(gateway: Gateway, exchange: Exchange): Promise<void> {
  const request = (await readJsonBody(exchange)) as EmbeddingRequest;
  const response = await gateway.embed(request, { context: exchange.context });
  sendJson(exchange, 200, response);
}

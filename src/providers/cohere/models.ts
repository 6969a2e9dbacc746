import { errors } from '../../errors/index.js';
import type { CohereModelList } from './wire-types.js';

/** The endpoints the gateway serves; models for the others (rerank, classify) are left out. */
const servedEndpoints = new Set(['chat', 'embed']);

/** Reads one page of `GET /v1/models` (https://docs.cohere.com/v2/reference/list-models): the names of chat and embed models, and the next page's token. */
export function fromCohereModelList(provider: string, body: unknown): { models: string[]; nextPageToken: string | undefined } {
  const list = body as CohereModelList | null;
  if (!Array.isArray(list?.models)) throw errors.upstreamInvalidResponse(provider, 'a model list without a models array');
  const models = list.models.flatMap((model) =>
    typeof model?.name === 'string' && (model.endpoints ?? []).some((endpoint) => servedEndpoints.has(endpoint)) ? [model.name] : [],
  );
  return { models, nextPageToken: list.next_page_token || undefined };
}

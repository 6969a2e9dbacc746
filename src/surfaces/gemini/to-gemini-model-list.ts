import type { ModelList } from '../../api/index.js';
import type { GeminiModel } from './wire.js';

/**
 * The methods every listed model is said to support: the gateway knows which provider
 * serves a model, not whether it is a chat or an embedding model, so it lists them all.
 */
const methods: readonly string[] = ['generateContent', 'streamGenerateContent', 'countTokens', 'embedContent', 'batchEmbedContents'];

/** Models per page when the client does not say (Google's default), and the most it may ask for. */
const defaultPageSize = 50;
const maxPageSize = 1000;

/** A `provider/model` id as Google's `Model` (`name` is `models/provider/model`, what the SDK sends back). */
export function toGeminiModel(id: string): GeminiModel {
  return { name: `models/${id}`, baseModelId: id, version: '', displayName: id, description: '', supportedGenerationMethods: [...methods] };
}

/**
 * One page of `GET /v1beta/models` (https://ai.google.dev/api/models#method:-models.list):
 * `pageSize` models from the one `pageToken` points at (the token is the offset of the
 * page), and `nextPageToken` while more are left.
 */
export function toGeminiModelList(list: ModelList, pageSize: string | null, pageToken: string | null): { models: GeminiModel[]; nextPageToken?: string } {
  const size = Math.min(maxPageSize, Number(pageSize) > 0 ? Math.floor(Number(pageSize)) : defaultPageSize);
  const start = Number(pageToken) > 0 ? Math.floor(Number(pageToken)) : 0;
  const page = list.data.slice(start, start + size).map((model) => toGeminiModel(model.id));
  return start + size < list.data.length ? { models: page, nextPageToken: String(start + size) } : { models: page };
}

import { errors } from '../../errors/index.js';

/** One page of `GET /v1beta/models`: model ids without the `models/` prefix, and the next page's token. */
export function fromGeminiModelList(provider: string, body: unknown): { models: string[]; nextPageToken: string | undefined } {
  const page = body as { models?: unknown; nextPageToken?: unknown } | null;
  if (page === null || typeof page !== 'object') throw errors.upstreamInvalidResponse(provider, 'a model list that is not a JSON object');
  // An empty last page may omit `models`.
  const entries = page.models === undefined ? [] : page.models;
  if (!Array.isArray(entries)) throw errors.upstreamInvalidResponse(provider, 'a model list whose models is not an array');
  const models = entries.flatMap((entry: { name?: unknown }) =>
    typeof entry?.name === 'string' ? [entry.name.startsWith('models/') ? entry.name.slice('models/'.length) : entry.name] : [],
  );
  const token = typeof page.nextPageToken === 'string' && page.nextPageToken !== '' ? page.nextPageToken : undefined;
  return { models, nextPageToken: token };
}

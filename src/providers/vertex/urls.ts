import type { ProviderSettings } from '../contract.js';
import type { VertexKeySettings } from './settings.js';

/** Vertex's regional origin; `{region}` is filled from the key's `vertex_key_config.region`. */
export const vertexDefaultBaseUrl = 'https://{region}-aiplatform.googleapis.com';

/**
 * Locations served from an origin of their own rather than `{region}-aiplatform`:
 * the global endpoint and the US/EU multi-region endpoints
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations).
 */
const originsByRegion: Readonly<Record<string, string>> = {
  global: 'https://aiplatform.googleapis.com',
  us: 'https://aiplatform.us.rep.googleapis.com',
  eu: 'https://aiplatform.eu.rep.googleapis.com',
};

/** Whose model a name is: Vertex serves each publisher's models under `publishers/<publisher>/models/`. */
export type VertexPublisher = 'google' | 'anthropic';

/** Model-name prefixes of publishers other than Google; any other model is Google's (Gemini, embeddings). */
const publisherPrefixes: ReadonlyArray<readonly [prefix: string, publisher: VertexPublisher]> = [['claude-', 'anthropic']];

/** The publisher of a model, from its name (`claude-*` is Anthropic's; the rest Google's). */
export function vertexPublisherOf(model: string): VertexPublisher {
  for (const [prefix, publisher] of publisherPrefixes) if (model.startsWith(prefix)) return publisher;
  return 'google';
}

/** The methods the adapter calls on a publisher model (`:generateContent`, `:rawPredict`, ...). */
export type VertexMethod = 'generateContent' | 'streamGenerateContent?alt=sse' | 'rawPredict' | 'streamRawPredict' | 'predict';

/** The origin to call: `network_config.base_url` as given, else the key's regional endpoint. */
export function toVertexOrigin(settings: ProviderSettings, region: string): string {
  if (settings.customBaseUrl) return settings.baseUrl;
  return originsByRegion[region] ?? settings.baseUrl.replace('{region}', region);
}

/**
 * The URL of one method of a publisher model:
 * `{origin}/v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:{method}`.
 */
export function toVertexModelUrl(settings: ProviderSettings, key: VertexKeySettings, publisher: VertexPublisher, model: string, method: VertexMethod): string {
  // `@` stays as it is: Anthropic's model versions on Vertex are spelled `claude-...@20250514`.
  const modelPath = encodeURIComponent(model).replaceAll('%40', '@');
  return `${toVertexOrigin(settings, key.region)}/v1/projects/${key.projectId}/locations/${key.region}/publishers/${publisher}/models/${modelPath}:${method}`;
}

import { GoogleServiceAccountTokens } from '../../http/google-service-account-token.js';
import type { AdapterCall, ProviderSettings } from '../contract.js';
import type { VertexKeySettings } from './settings.js';

/** Access tokens of every Vertex key's service account, shared by all Vertex providers of the process. */
export const vertexTokens = new GoogleServiceAccountTokens();

// The headers of the last token per provider settings: rebuilt only when the token changes.
const headerCache = new WeakMap<ProviderSettings, Map<string, Record<string, string>>>();

/**
 * The request headers of one Vertex call: the provider's extra headers, JSON, and
 * `Authorization: Bearer` with the service account's access token (or the key's ready token).
 */
export function toVertexHeaders(call: AdapterCall<unknown>, key: VertexKeySettings): Promise<Record<string, string>> {
  const token = key.account
    ? vertexTokens.getToken(key.account, { http: call.http, provider: call.settings.provider, timeoutMs: call.settings.timeoutMs, signal: call.signal })
    : Promise.resolve(key.accessToken ?? '');
  return token.then((value) => headersFor(call.settings, value));
}

function headersFor(settings: ProviderSettings, token: string): Record<string, string> {
  let byToken = headerCache.get(settings);
  const cached = byToken?.get(token);
  if (cached) return cached;
  const headers: Record<string, string> = { ...settings.extraHeaders, 'content-type': 'application/json', authorization: `Bearer ${token}` };
  if (!byToken || byToken.size >= 16) headerCache.set(settings, (byToken = new Map()));
  byToken.set(token, headers);
  return headers;
}

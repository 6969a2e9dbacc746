import { signAwsRequest } from '../../http/sigv4.js';
import type { ProviderKey, ProviderSettings } from '../contract.js';
import { withForwardHeaders } from '../shared/with-forward-headers.js';

/** A key's `bedrock_key_config`, as config writes it. */
export interface BedrockKeyConfig {
  access_key?: string;
  secret_key?: string;
  session_token?: string;
  region?: string;
  /** Model name → model id, inference profile id or ARN. */
  deployments?: Record<string, string>;
}

/** The region used when a key names none. */
export const defaultBedrockRegion = 'us-east-1';

const noConfig: BedrockKeyConfig = Object.freeze({});

/** The key's `bedrock_key_config`, or an empty one. */
export function bedrockKeyConfig(key: ProviderKey): BedrockKeyConfig {
  const config = key.bedrock_key_config;
  return config !== null && typeof config === 'object' ? (config as BedrockKeyConfig) : noConfig;
}

/**
 * A caller's direct key (a Bedrock API key, sent as a bearer token) with the
 * configured key's region and deployments, never its access keys: those would sign
 * the request instead.
 */
export function bedrockDirectKey(value: string, template: ProviderKey): ProviderKey {
  const { access_key: _accessKey, secret_key: _secretKey, session_token: _sessionToken, ...settings } = bedrockKeyConfig(template);
  return { ...template, value, bedrock_key_config: settings };
}

/** The origin to call for a key: `{region}` of the base URL filled with the key's region. */
export function bedrockOrigin(settings: ProviderSettings, key: ProviderKey): string {
  const origin = settings.baseUrl;
  return origin.includes('{region}') ? origin.replace('{region}', bedrockKeyConfig(key).region || defaultBedrockRegion) : origin;
}

/**
 * The headers of one request: signed with SigV4 (service `bedrock`) when the key has
 * access keys, else `Authorization: Bearer` with a Bedrock API key (`value`).
 * Forwarded caller headers are added before signing, so they are signed too.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html
 */
export function bedrockHeaders(
  key: ProviderKey,
  settings: ProviderSettings,
  url: string,
  body: string,
  accept?: string,
  forwardHeaders?: Readonly<Record<string, string>>,
): Record<string, string> {
  const own: Record<string, string> = { ...settings.extraHeaders, 'content-type': 'application/json' };
  if (accept) own.accept = accept;
  const headers = withForwardHeaders(own, { forwardHeaders });
  const config = bedrockKeyConfig(key);
  if (config.access_key && config.secret_key) {
    const credentials = { accessKeyId: config.access_key, secretAccessKey: config.secret_key, sessionToken: config.session_token || undefined };
    return signAwsRequest({ method: 'POST', url, headers, body }, credentials, { region: config.region || defaultBedrockRegion, service: 'bedrock' });
  }
  if (key.value !== '') headers.authorization = `Bearer ${key.value}`;
  return headers;
}

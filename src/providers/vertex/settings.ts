import { type GoogleServiceAccount, parseGoogleServiceAccount } from '../../http/google-service-account-token.js';
import { errors } from '../../errors/index.js';
import type { ProviderKey } from '../contract.js';

/** A key's Vertex settings, read from `vertex_key_config` once per key object. */
export interface VertexKeySettings {
  projectId: string;
  region: string;
  /** The service account that signs token requests; absent when `value` is a ready access token. */
  account: GoogleServiceAccount | undefined;
  /** A ready OAuth access token (`key.value`), used only without `auth_credentials`. */
  accessToken: string | undefined;
}

const field = 'vertex_key_config';
// Project ids (or numbers; legacy ids have a `domain:` prefix) and locations go into URL paths as they are.
const projectPattern = /^[a-z0-9][a-z0-9.:-]*$/;
const regionPattern = /^[a-z0-9-]+$/;

/**
 * Problems with a key's `vertex_key_config` (`project_id`, `region`, `auth_credentials`),
 * each starting with the field's path, so a bad key fails at start.
 */
export function checkVertexKey(key: ProviderKey): string[] {
  const read = readSettings(key);
  return 'problems' in read ? read.problems : [];
}

/**
 * A caller's direct key (an OAuth access token) with the configured key's project and
 * region, never its service account: that would mint the token instead.
 */
export function vertexDirectKey(value: string, template: ProviderKey): ProviderKey {
  const config = template[field];
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return { ...template, value };
  const { auth_credentials: _credentials, ...settings } = config as Record<string, unknown>;
  return { ...template, value, [field]: settings };
}

const cache = new WeakMap<ProviderKey, { value: string; config: unknown; settings: VertexKeySettings }>();

/**
 * The key's Vertex settings, cached by key object (and checked against its value and
 * config object, which an account may replace in place). A key with problems (one from
 * a dynamic account, not checked at start) is a credential failure, so the core turns
 * to another key.
 */
export function readVertexKey(provider: string, key: ProviderKey): VertexKeySettings {
  const cached = cache.get(key);
  if (cached && cached.value === key.value && cached.config === key[field]) return cached.settings;
  const read = readSettings(key);
  if ('problems' in read) {
    throw errors.providerAuthFailed(provider, 401, `the gateway's key${key.name ? ` '${key.name}'` : ''} is not usable: ${read.problems.join('; ')}`);
  }
  cache.set(key, { value: key.value, config: key[field], settings: read.settings });
  return read.settings;
}

function readSettings(key: ProviderKey): { settings: VertexKeySettings } | { problems: string[] } {
  const config = key[field];
  if (config === undefined || config === null) {
    return { problems: [`${field}: required; set project_id, region and auth_credentials (the service account key JSON)`] };
  }
  if (typeof config !== 'object' || Array.isArray(config)) return { problems: [`${field}: must be an object with project_id, region and auth_credentials`] };
  const { project_id: projectId, region, auth_credentials: credentials } = config as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof projectId !== 'string' || projectId === '') problems.push(`${field}.project_id: required; the Google Cloud project id (for example "my-project")`);
  else if (!projectPattern.test(projectId)) problems.push(`${field}.project_id: '${projectId}' is not a Google Cloud project id`);
  if (typeof region !== 'string' || region === '') problems.push(`${field}.region: required; a Vertex AI location such as "us-central1", or "global"`);
  else if (!regionPattern.test(region)) problems.push(`${field}.region: '${region}' is not a Vertex AI location; use one such as "us-central1", or "global"`);
  let account: GoogleServiceAccount | undefined;
  if (credentials === undefined || credentials === null || credentials === '') {
    if (key.value === '') {
      problems.push(`${field}.auth_credentials: required; the service account key JSON (a string, for example "env.GOOGLE_SERVICE_ACCOUNT_JSON", or an object), or set the key's value to an OAuth access token`);
    }
  } else {
    const parsed = parseGoogleServiceAccount(credentials);
    if ('problem' in parsed) problems.push(`${field}.auth_credentials: ${parsed.problem}`);
    else account = parsed.account;
  }
  if (problems.length > 0) return { problems };
  return { settings: { projectId: projectId as string, region: region as string, account, accessToken: account ? undefined : key.value } };
}

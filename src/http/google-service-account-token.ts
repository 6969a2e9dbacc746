import { createHash, createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import type { CancelSignal } from '../api/cancel-signal.js';
import { errors } from '../errors/index.js';
import { readErrorText } from './read-json-body.js';
import { toTransportError, type UpstreamClient } from './upstream-client.js';

/** Google's OAuth2 token endpoint, used when a service account's JSON names none. */
export const googleTokenUri = 'https://oauth2.googleapis.com/token';
/** The scope of Vertex AI (and every Google Cloud API). */
export const cloudPlatformScope = 'https://www.googleapis.com/auth/cloud-platform';
const jwtBearerGrant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A Google service account, read once from its JSON key file. */
export interface GoogleServiceAccount {
  clientEmail: string;
  privateKey: KeyObject;
  privateKeyId: string | undefined;
  tokenUri: string;
  /** Identifies the credential in the token cache: token URI, email and a digest of the private key. */
  cacheKey: string;
}

/**
 * Reads a service account's JSON key (a string or the parsed object). Returns the
 * account, or a problem that names the field (`client_email: required ...`).
 */
export function parseGoogleServiceAccount(credentials: unknown): { account: GoogleServiceAccount } | { problem: string } {
  let json = credentials;
  if (typeof credentials === 'string') {
    try {
      json = JSON.parse(credentials);
    } catch {
      return { problem: 'not valid JSON; give the service account key file (JSON) as a string or an object' };
    }
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { problem: 'must be a service account key (a JSON object)' };
  const fields = json as Record<string, unknown>;
  if (fields.type !== undefined && fields.type !== 'service_account') {
    return { problem: `type: '${String(fields.type)}' is not supported; use a service account key (type 'service_account')` };
  }
  if (typeof fields.client_email !== 'string' || fields.client_email === '') return { problem: 'client_email: required (a string)' };
  if (typeof fields.private_key !== 'string' || fields.private_key === '') return { problem: 'private_key: required (a PEM string)' };
  if (fields.token_uri !== undefined && (typeof fields.token_uri !== 'string' || !/^https?:\/\//.test(fields.token_uri))) {
    return { problem: 'token_uri: must be an http(s) URL' };
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(fields.private_key);
  } catch {
    return { problem: 'private_key: not a readable PEM private key' };
  }
  if (privateKey.asymmetricKeyType !== 'rsa') return { problem: 'private_key: must be an RSA key' };
  const tokenUri = (fields.token_uri as string | undefined) ?? googleTokenUri;
  const digest = createHash('sha256').update(fields.private_key).digest('base64url');
  return {
    account: {
      clientEmail: fields.client_email,
      privateKey,
      privateKeyId: typeof fields.private_key_id === 'string' ? fields.private_key_id : undefined,
      tokenUri,
      cacheKey: `${tokenUri} ${fields.client_email} ${digest}`,
    },
  };
}

/** The signed JWT a service account presents for the JWT-bearer grant (RFC 7523), valid for one hour. */
export function toServiceAccountAssertion(account: GoogleServiceAccount, nowMs: number, scope = cloudPlatformScope): string {
  const issuedAt = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(account.privateKeyId ? { kid: account.privateKeyId } : {}) };
  const claims = { iss: account.clientEmail, scope, aud: account.tokenUri, iat: issuedAt, exp: issuedAt + 3600 };
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(account.privateKey, 'base64url');
  return `${unsigned}.${signature}`;
}

/** Where the token exchange runs: the gateway's upstream client, with the calling provider's name and timeout. */
export interface TokenExchangeContext {
  http: UpstreamClient;
  provider: string;
  timeoutMs: number;
  /** The caller's signal: it stops the caller's wait, never the exchange other callers share. */
  signal?: CancelSignal;
}

/** Options of `GoogleServiceAccountTokens`. */
export interface GoogleServiceAccountTokensOptions {
  /** The clock, in milliseconds; `Date.now` by default. */
  now?: () => number;
  /** How long before its expiry a token is replaced; 5 minutes by default (at most half its lifetime). */
  refreshMarginMs?: number;
}

interface CachedToken {
  /** The token, once one was issued, as a settled promise (handed out as it is on the fast path). */
  token: Promise<string> | undefined;
  value: string | undefined;
  refreshAt: number;
  expiresAt: number;
  /** The exchange in flight, shared by every caller that needs a token meanwhile. */
  pending: Promise<string> | undefined;
}

/**
 * OAuth2 access tokens for Google service accounts, by the JWT-bearer grant. A token
 * is cached per credential and replaced before it expires; callers that need one
 * while an exchange is in flight share that exchange. A refused exchange is a
 * `provider_auth_failed` error (credential failure class), and nothing failed is
 * cached: the next call tries again (while the previous token is still valid, it is used).
 */
export class GoogleServiceAccountTokens {
  readonly #cache = new Map<string, CachedToken>();
  readonly #now: () => number;
  readonly #refreshMarginMs: number;

  constructor(options: GoogleServiceAccountTokensOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
  }

  /** An access token for `account`: the cached one while it is fresh, else a new one. */
  getToken(account: GoogleServiceAccount, context: TokenExchangeContext): Promise<string> {
    const key = account.cacheKey;
    const entry = this.#cache.get(key);
    if (entry?.token && this.#now() < entry.refreshAt) return entry.token;
    if (entry?.pending) return waitFor(entry.pending, context);
    const pending: Promise<string> = this.#exchange(account, context).then(
      ({ token, lifetimeMs }) => {
        const now = this.#now();
        const margin = Math.min(this.#refreshMarginMs, lifetimeMs / 2);
        this.#cache.set(key, { token: Promise.resolve(token), value: token, refreshAt: now + lifetimeMs - margin, expiresAt: now + lifetimeMs, pending: undefined });
        return token;
      },
      (error: unknown) => {
        const current = this.#cache.get(key);
        if (current?.pending === pending) {
          current.pending = undefined;
          if (current.value !== undefined && this.#now() < current.expiresAt) return current.value;
          this.#cache.delete(key);
        }
        throw error;
      },
    );
    if (!entry) this.#cache.set(key, { token: undefined, value: undefined, refreshAt: 0, expiresAt: 0, pending });
    else entry.pending = pending;
    return waitFor(pending, context);
  }

  /** Forgets every cached token. */
  clear(): void {
    this.#cache.clear();
  }

  async #exchange(account: GoogleServiceAccount, context: TokenExchangeContext): Promise<{ token: string; lifetimeMs: number }> {
    const { provider } = context;
    const assertion = toServiceAccountAssertion(account, this.#now());
    const response = await context.http.send({
      provider,
      url: account.tokenUri,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: jwtBearerGrant, assertion }).toString(),
      timeoutMs: context.timeoutMs,
    });
    const where = `token exchange for ${account.clientEmail} at ${account.tokenUri}`;
    if (response.status >= 300) {
      const detail = describeTokenError(await readErrorText(response), response.status);
      if (response.status === 429) throw errors.rateLimited(provider, `${where}: ${detail}`);
      if (response.status >= 500) throw errors.upstreamError(provider, response.status, `${where}: ${detail}`);
      throw errors.providerAuthFailed(provider, response.status, `${where} failed: ${detail}`);
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(await response.body.text());
    } catch (error) {
      if (error instanceof SyntaxError) throw errors.providerAuthFailed(provider, response.status, `${where} answered without JSON`);
      throw toTransportError(provider, context.timeoutMs, error);
    }
    if (typeof body?.access_token !== 'string' || body.access_token === '') {
      throw errors.providerAuthFailed(provider, response.status, `${where} answered without an access_token`);
    }
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { token: body.access_token, lifetimeMs: expiresIn * 1000 };
  }
}

/** Google's OAuth error body is `{"error": "invalid_grant", "error_description": "..."}`. */
function describeTokenError(text: string, status: number): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') return typeof body.error_description === 'string' ? `${body.error}: ${body.error_description}` : body.error;
  } catch {
    // not JSON: the text is the detail
  }
  return text.trim() === '' ? `HTTP ${status}` : text.trim().slice(0, 500);
}

/** Waits for a shared exchange, but lets this caller stop waiting when its own signal aborts. */
function waitFor(shared: Promise<string>, { signal, provider, timeoutMs }: TokenExchangeContext): Promise<string> {
  if (!signal) return shared;
  // With an aborted signal, toTransportError gives the abort's reason (or request_cancelled).
  if (signal.aborted) return Promise.reject(toTransportError(provider, timeoutMs, undefined, signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(toTransportError(provider, timeoutMs, undefined, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (token) => {
        signal.removeEventListener('abort', onAbort);
        resolve(token);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

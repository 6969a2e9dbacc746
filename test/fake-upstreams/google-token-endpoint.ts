import { generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * A fake Google OAuth2 token endpoint for tests, and test service accounts whose RSA
 * key pair is generated at test time (no private key is ever committed). The endpoint
 * checks the JWT-bearer assertion as Google does (RS256 signature against the
 * account's public key, `iss`, `aud`, `scope`, `iat`/`exp`) and issues opaque tokens
 * that the fake model endpoints then accept (`isValid`).
 */

/** A service account made for a test: its JSON key file, and the public key the fake checks against. */
export interface TestServiceAccount {
  /** The key file as Google issues it (`type: 'service_account'`, `private_key`, `token_uri`, ...). */
  json: Record<string, string>;
  /** `json` as a string, as `vertex_key_config.auth_credentials` takes it. */
  credentials: string;
  publicKey: KeyObject;
}

let generated: { privateKey: string; publicKey: KeyObject } | undefined;

/** One RSA key pair per test process: generating a 2048-bit key takes a noticeable moment. */
function keyPair(): { privateKey: string; publicKey: KeyObject } {
  if (!generated) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    generated = { privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey: pair.publicKey };
  }
  return generated;
}

/** Makes a service account key file whose `token_uri` points at `tokenUri`, with a fresh (per-process) RSA key pair. */
export function createTestServiceAccount(tokenUri: string, clientEmail = 'switchyard-test@test-project.iam.gserviceaccount.com'): TestServiceAccount {
  const { privateKey, publicKey } = keyPair();
  const json = {
    type: 'service_account',
    project_id: 'test-project',
    private_key_id: 'test-key-1',
    private_key: privateKey,
    client_email: clientEmail,
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: tokenUri,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: 'googleapis.com',
  };
  return { json, credentials: JSON.stringify(json), publicKey };
}

/** How the fake token endpoint answers the next exchange. */
export interface TokenEndpointBehaviour {
  /** Answer with this status and Google's OAuth error body. */
  status?: number;
  /** `expires_in` of the issued token, in seconds; 3599 by default (as Google sends). */
  expiresIn?: number;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
}

/** A fake token endpoint, to be mounted on a fake upstream's `POST` route (`handle`). */
export interface FakeTokenEndpoint {
  /** Exchanges answered (successful or not), in order: the verified claims, or the refusal. */
  readonly exchanges: Array<{ claims?: Record<string, unknown>; refused?: string }>;
  /** Makes the next exchange behave as `behaviour`. */
  script(behaviour: TokenEndpointBehaviour): void;
  /** Answers one token request whose form-encoded body is `rawBody`. */
  handle(rawBody: string, res: ServerResponse): Promise<void>;
  /** Whether `authorization` carries a token this endpoint issued (and that has not expired). */
  isValid(authorization: string | string[] | undefined): boolean;
}

/** Creates a fake token endpoint that trusts `accounts` (by client email) and serves at `tokenUri`. */
export function createFakeTokenEndpoint(accounts: TestServiceAccount[], tokenUri: string): FakeTokenEndpoint {
  const trusted = new Map(accounts.map((account) => [account.json.client_email, account]));
  const issued = new Map<string, number>();
  const exchanges: FakeTokenEndpoint['exchanges'] = [];
  const scripts: TokenEndpointBehaviour[] = [];
  let count = 0;

  const refuse = (res: ServerResponse, status: number, error: string, description: string) => {
    exchanges.push({ refused: `${error}: ${description}` });
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error, error_description: description }));
  };

  return {
    exchanges,
    script(behaviour) {
      scripts.push(behaviour);
    },
    async handle(rawBody, res) {
      const behaviour = scripts.shift() ?? {};
      if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      if (behaviour.status !== undefined && behaviour.status >= 400) {
        return refuse(res, behaviour.status, behaviour.status >= 500 ? 'internal_failure' : 'invalid_grant', 'Scripted failure of the fake token endpoint.');
      }
      const form = new URLSearchParams(rawBody);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return refuse(res, 400, 'unsupported_grant_type', 'Invalid grant_type: ' + form.get('grant_type'));
      const checked = checkAssertion(form.get('assertion') ?? '', trusted, tokenUri);
      if (typeof checked === 'string') return refuse(res, 400, 'invalid_grant', checked);
      const token = `ya29.fake-token-${++count}`;
      const expiresIn = behaviour.expiresIn ?? 3599;
      issued.set(token, Date.now() + expiresIn * 1000);
      exchanges.push({ claims: checked });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ access_token: token, expires_in: expiresIn, token_type: 'Bearer' }));
    },
    isValid(authorization) {
      if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return false;
      const expiresAt = issued.get(authorization.slice('Bearer '.length));
      return expiresAt !== undefined && Date.now() < expiresAt;
    },
  };
}

/** Verifies a JWT-bearer assertion; returns its claims, or why it is refused (Google's wording where it has one). */
function checkAssertion(assertion: string, trusted: Map<string, TestServiceAccount>, tokenUri: string): Record<string, unknown> | string {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.';
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return 'Invalid JWT: not base64url JSON.';
  }
  if (header.alg !== 'RS256') return `Invalid JWT: unsupported alg ${String(header.alg)}.`;
  const account = trusted.get(String(claims.iss));
  if (!account) return 'Invalid grant: account not found';
  if (header.kid !== undefined && header.kid !== account.json.private_key_id) return 'Invalid JWT Signature.';
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (!verify('RSA-SHA256', signed, account.publicKey, Buffer.from(parts[2], 'base64url'))) return 'Invalid JWT Signature.';
  if (claims.aud !== tokenUri) return `Invalid JWT: audience ${String(claims.aud)} is not ${tokenUri}.`;
  if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes('https://www.googleapis.com/auth/cloud-platform')) return 'Invalid OAuth scope or ID token audience provided.';
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > 3600 || iat > now + 60 || exp < now) {
    return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';
  }
  return claims;
}

import { generateKeyPairSync, verify } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../test/conformance/fake-server.js';
import { closedPort } from '../../test/support/start-gateway.js';
import {
  createFakeTokenEndpoint,
  createTestServiceAccount,
  type FakeTokenEndpoint,
  type TestServiceAccount,
} from '../../test/fake-upstreams/google-token-endpoint.js';
import {
  GoogleServiceAccountTokens,
  type GoogleServiceAccount,
  parseGoogleServiceAccount,
  toServiceAccountAssertion,
} from './google-service-account-token.js';
import { UpstreamClient } from './upstream-client.js';

let server: FakeServer;
let endpoint: FakeTokenEndpoint;
let testAccount: TestServiceAccount;
let account: GoogleServiceAccount;
const http = new UpstreamClient();
const context = { http, provider: 'vertex', timeoutMs: 5000 };

const parse = (credentials: unknown): GoogleServiceAccount => {
  const parsed = parseGoogleServiceAccount(credentials);
  if (!('account' in parsed)) throw new Error(parsed.problem);
  return parsed.account;
};

beforeAll(async () => {
  let tokenEndpoint: FakeTokenEndpoint | undefined;
  server = await startFakeServer((request, res) => tokenEndpoint!.handle(request.raw.toString('utf8'), res));
  const tokenUri = `${server.url}/token`;
  testAccount = createTestServiceAccount(tokenUri);
  endpoint = tokenEndpoint = createFakeTokenEndpoint([testAccount], tokenUri);
  account = parse(testAccount.credentials);
});
beforeEach(() => {
  endpoint.exchanges.length = 0;
});
afterAll(async () => {
  await server.close();
  await http.close();
});

describe('parseGoogleServiceAccount', () => {
  it('reads a key file given as a string or as an object', () => {
    for (const credentials of [testAccount.credentials, testAccount.json]) {
      const parsed = parse(credentials);
      expect(parsed).toMatchObject({ clientEmail: testAccount.json.client_email, privateKeyId: 'test-key-1', tokenUri: testAccount.json.token_uri });
      expect(parsed.privateKey.asymmetricKeyType).toBe('rsa');
    }
  });

  it('uses Google token endpoint when the key file names none', () => {
    const { token_uri: _, ...json } = testAccount.json;
    expect(parse(json).tokenUri).toBe('https://oauth2.googleapis.com/token');
  });

  it.each([
    ['{not json', /not valid JSON/],
    ['[]', /JSON object/],
    [{ type: 'authorized_user', client_email: 'a', private_key: 'b' }, /^type: 'authorized_user' is not supported/],
    [{ type: 'service_account', private_key: 'x' }, /^client_email: required/],
    [{ type: 'service_account', client_email: 'a@b' }, /^private_key: required/],
    [{ type: 'service_account', client_email: 'a@b', private_key: 'not a pem' }, /^private_key: not a readable PEM/],
    [{ type: 'service_account', client_email: 'a@b', private_key: 'x', token_uri: 'ftp://x' }, /^token_uri: must be an http/],
  ])('names the problem with %j', (credentials, problem) => {
    const parsed = parseGoogleServiceAccount(credentials);
    expect('problem' in parsed && parsed.problem).toMatch(problem);
  });
});

describe('toServiceAccountAssertion', () => {
  it('signs an RS256 JWT for the cloud-platform scope, addressed to the token endpoint, valid one hour', () => {
    const now = Date.UTC(2025, 0, 1);
    const [header, claims, signature] = toServiceAccountAssertion(account, now).split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'test-key-1' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({
      iss: testAccount.json.client_email,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      aud: testAccount.json.token_uri,
      iat: now / 1000,
      exp: now / 1000 + 3600,
    });
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), testAccount.publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
  });
});

describe('GoogleServiceAccountTokens', () => {
  it('exchanges a signed assertion for a token once, then serves it from the cache', async () => {
    const tokens = new GoogleServiceAccountTokens();
    const token = await tokens.getToken(account, context);
    expect(token).toMatch(/^ya29\.fake-token-\d+$/);
    expect(endpoint.isValid(`Bearer ${token}`)).toBe(true);
    expect(await tokens.getToken(account, context)).toBe(token);
    expect(endpoint.exchanges).toHaveLength(1);
    expect(endpoint.exchanges[0].claims).toMatchObject({ iss: testAccount.json.client_email });
  });

  it('shares one in-flight exchange between concurrent callers', async () => {
    const tokens = new GoogleServiceAccountTokens();
    endpoint.script({ delayMs: 50 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => tokens.getToken(account, context)));
    expect(new Set(answers).size).toBe(1);
    expect(endpoint.exchanges).toHaveLength(1);
  });

  it('replaces a token before it expires (5 minutes early, at most half its lifetime)', async () => {
    let offset = 0;
    const tokens = new GoogleServiceAccountTokens({ now: () => Date.now() + offset });
    endpoint.script({ expiresIn: 100 });
    const first = await tokens.getToken(account, context);
    offset = 49_000;
    expect(await tokens.getToken(account, context)).toBe(first);
    offset = 51_000;
    const second = await tokens.getToken(account, context);
    expect(second).not.toBe(first);
    expect(endpoint.exchanges).toHaveLength(2);

    const long = new GoogleServiceAccountTokens({ now: () => Date.now() + offset });
    offset = 0;
    const hour = await long.getToken(account, context);
    offset = 3599_000 - 301_000;
    expect(await long.getToken(account, context)).toBe(hour);
  });

  it('maps a refused exchange to provider_auth_failed and does not cache the failure', async () => {
    const tokens = new GoogleServiceAccountTokens();
    endpoint.script({ status: 400 });
    await expect(tokens.getToken(account, context)).rejects.toMatchObject({
      name: 'GatewayError',
      code: 'provider_auth_failed',
      status: 502,
      failureClass: 'credential',
      upstreamStatus: 400,
      message: expect.stringContaining('invalid_grant'),
    });
    expect(await tokens.getToken(account, context)).toMatch(/^ya29\./);
  });

  it('is refused when the key does not match the account the endpoint knows', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const forged = parse({ ...testAccount.json, private_key: other });
    await expect(new GoogleServiceAccountTokens().getToken(forged, context)).rejects.toMatchObject({
      code: 'provider_auth_failed',
      message: expect.stringContaining('Invalid JWT Signature'),
    });
  });

  it('maps a failing token endpoint (5xx) to a transient upstream_error', async () => {
    endpoint.script({ status: 503 });
    await expect(new GoogleServiceAccountTokens().getToken(account, context)).rejects.toMatchObject({ code: 'upstream_error', failureClass: 'transient' });
  });

  it('keeps using a still-valid token when its early refresh fails', async () => {
    let offset = 0;
    const tokens = new GoogleServiceAccountTokens({ now: () => Date.now() + offset });
    endpoint.script({ expiresIn: 100 });
    const first = await tokens.getToken(account, context);
    offset = 51_000;
    endpoint.script({ status: 400 });
    expect(await tokens.getToken(account, context)).toBe(first);
  });

  it('lets a caller stop waiting when its signal aborts, without cancelling the shared exchange', async () => {
    const tokens = new GoogleServiceAccountTokens();
    endpoint.script({ delayMs: 100 });
    const controller = new AbortController();
    const leaving = tokens.getToken(account, { ...context, signal: controller.signal });
    const staying = tokens.getToken(account, context);
    controller.abort();
    await expect(leaving).rejects.toMatchObject({ code: 'request_cancelled' });
    expect(await staying).toMatch(/^ya29\./);
    expect(endpoint.exchanges).toHaveLength(1);
  });

  it('reports an unreachable token endpoint as upstream_unreachable', async () => {
    const unreachable = parse({ ...testAccount.json, token_uri: `http://127.0.0.1:${await closedPort()}/token` });
    await expect(new GoogleServiceAccountTokens().getToken(unreachable, context)).rejects.toMatchObject({ code: 'upstream_unreachable' });
  });
});

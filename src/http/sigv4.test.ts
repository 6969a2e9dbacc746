import { describe, expect, it } from 'vitest';
import { awsSignature, canonicalRequest, encodeRfc3986, sha256Hex, signAwsRequest, toAmzDate } from './sigv4.js';

// The AWS Signature Version 4 test suite (AWS General Reference, "Signature Version 4 test suite"):
// its credentials, scope and date, and the signatures it publishes for each request.
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const scope = { region: 'us-east-1', service: 'service' };
const date = new Date('2015-08-30T12:36:00Z');
const origin = 'https://example.amazonaws.com';

const query = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');

const suite: Array<{ name: string; method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string; signedHeaders?: string; signature: string }> = [
  { name: 'get-vanilla', method: 'GET', path: '/', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
  { name: 'get-vanilla-empty-query-key', method: 'GET', path: '/?Param1=value1', signature: 'a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb' },
  { name: 'get-vanilla-query-order-key-case', method: 'GET', path: '/?Param2=value2&Param1=value1', signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500' },
  {
    name: 'get-vanilla-query-unreserved',
    method: 'GET',
    path: `/?${query({ '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz': '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' })}`,
    signature: '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197',
  },
  { name: 'get-vanilla-utf8-query', method: 'GET', path: `/?${query({ 'ሴ': 'bar' })}`, signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04' },
  { name: 'get-unreserved', method: 'GET', path: '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f' },
  { name: 'get-utf8', method: 'GET', path: '/ሴ', signature: '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85' },
  {
    name: 'get-header-key-duplicate',
    method: 'GET',
    path: '/',
    headers: { 'My-Header1': 'value2,value2,value1' },
    signedHeaders: 'host;my-header1;x-amz-date',
    signature: 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea',
  },
  {
    name: 'get-header-value-order',
    method: 'GET',
    path: '/',
    headers: { 'My-Header1': 'value4,value1,value3,value2' },
    signedHeaders: 'host;my-header1;x-amz-date',
    signature: '08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01',
  },
  {
    name: 'get-header-value-trim',
    method: 'GET',
    path: '/',
    headers: { 'My-Header1': ' value1', 'My-Header2': ' "a   b   c"' },
    signedHeaders: 'host;my-header1;my-header2;x-amz-date',
    signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  { name: 'post-vanilla', method: 'POST', path: '/', signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b' },
  { name: 'post-vanilla-query', method: 'POST', path: '/?Param1=value1', signature: '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11' },
  {
    name: 'post-vanilla-query-nonunreserved',
    method: 'POST',
    path: `/?${query({ '@#$%^': '', '+': '/,?><`";:\\|][{}' })}`,
    signature: '66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e',
  },
  { name: 'post-vanilla-query-space', method: 'POST', path: '/?p=', signature: 'e71688addb58a26418614085fb730ba3faa623b461c17f48f2fbdb9361b94a9b' },
  {
    name: 'post-header-key-sort',
    method: 'POST',
    path: '/',
    headers: { 'My-Header1': 'value1' },
    signedHeaders: 'host;my-header1;x-amz-date',
    signature: 'c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c',
  },
  {
    name: 'post-header-value-case',
    method: 'POST',
    path: '/',
    headers: { 'My-Header1': 'VALUE1' },
    signedHeaders: 'host;my-header1;x-amz-date',
    signature: 'cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d',
  },
  {
    name: 'post-x-www-form-urlencoded',
    method: 'POST',
    path: '/',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'Param1=value1',
    signedHeaders: 'content-type;host;x-amz-date',
    signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
  {
    name: 'post-x-www-form-urlencoded-parameters',
    method: 'POST',
    path: '/',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf8' },
    body: 'Param1=value1',
    signedHeaders: 'content-type;host;x-amz-date',
    signature: '1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe',
  },
];

describe('signAwsRequest (AWS Signature Version 4 test suite)', () => {
  it.each(suite)('signs $name as the suite does', ({ method, path, headers, body, signedHeaders, signature }) => {
    const signed = signAwsRequest({ method, url: origin + path, headers: headers ?? {}, body }, credentials, scope, date);
    expect(signed.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signedHeaders ?? 'host;x-amz-date'}, Signature=${signature}`,
    );
    expect(signed.host).toBe('example.amazonaws.com');
    expect(signed['x-amz-date']).toBe('20150830T123600Z');
  });

  it('signs the session token of temporary credentials (post-sts-header-before)', () => {
    const token =
      'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';
    const signed = signAwsRequest({ method: 'POST', url: `${origin}/`, headers: {} }, { ...credentials, sessionToken: token }, scope, date);
    expect(signed['x-amz-security-token']).toBe(token);
    expect(signed.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
    );
  });

  it('builds the canonical request of get-vanilla as the suite shows it', () => {
    expect(canonicalRequest({ method: 'GET', path: '/', query: '', headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' }, payloadHash: sha256Hex('') })).toBe(
      'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('signAwsRequest (AWS documentation examples)', () => {
  it('signs the IAM ListUsers example of the signing guide', () => {
    const signed = signAwsRequest(
      { method: 'GET', url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } },
      credentials,
      { region: 'us-east-1', service: 'iam' },
      date,
    );
    expect(signed.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
  });
});

describe('signAwsRequest for Bedrock', () => {
  const url = 'https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse';
  const body = '{"messages":[{"role":"user","content":[{"text":"Hello"}]}]}';

  it('encodes the already-encoded path once more in the canonical request, as services other than S3 require', () => {
    const canonical = canonicalRequest({ method: 'POST', path: new URL(url).pathname, query: '', headers: {}, payloadHash: sha256Hex(body) });
    expect(canonical.split('\n')[1]).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse');
  });

  it('matches the signatures the AWS SDK for JavaScript computes for the same request', () => {
    // Computed with @smithy/signature-v4 (the signer of @aws-sdk/client-bedrock-runtime), without and with its payload-hash header.
    const sign = (headers: Record<string, string>) =>
      signAwsRequest({ method: 'POST', url, headers, body }, { ...credentials, sessionToken: 'session-token-example' }, { region: 'us-west-2', service: 'bedrock' }, date).authorization;
    expect(sign({ 'content-type': 'application/json' })).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=2d1fb99915ce88a3c4f067d5c65d07ef483462e63f018c675964a428083b4796',
    );
    expect(sign({ 'content-type': 'application/json', 'x-amz-content-sha256': sha256Hex(body) })).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=c307de36f8d21b9a833ea611958d29d99baba84d8b12ff5da843749c7ff6df5c',
    );
  });

  it('leaves out headers that proxies change, and keeps the caller headers', () => {
    const signed = signAwsRequest({ method: 'POST', url, headers: { 'User-Agent': 'x', 'X-Extra': 'y' }, body }, credentials, { region: 'us-west-2', service: 'bedrock' }, date);
    expect(signed.authorization).toContain('SignedHeaders=host;x-amz-date;x-extra,');
    expect(signed['user-agent']).toBe('x');
    expect(signed['x-extra']).toBe('y');
  });

  it('verifies: the signature recomputed from the request as sent matches', () => {
    const signed = signAwsRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, credentials, { region: 'us-west-2', service: 'bedrock' }, date);
    const { host, 'x-amz-date': amzDate, 'content-type': contentType } = signed;
    const parsed = new URL(url);
    const recomputed = awsSignature(
      { method: 'POST', path: parsed.pathname, query: '', headers: { 'content-type': contentType, host, 'x-amz-date': amzDate }, payloadHash: sha256Hex(body) },
      credentials.secretAccessKey,
      amzDate,
      { region: 'us-west-2', service: 'bedrock' },
    );
    expect(signed.authorization.endsWith(`Signature=${recomputed}`)).toBe(true);
  });
});

describe('sigv4 helpers', () => {
  it('encodes per RFC 3986', () => {
    expect(encodeRfc3986("a:b/c!'()*~-_.é ")).toBe('a%3Ab%2Fc%21%27%28%29%2A~-_.%C3%A9%20');
  });

  it('formats x-amz-date', () => {
    expect(toAmzDate(new Date('2024-02-03T04:05:06.789Z'))).toBe('20240203T040506Z');
  });
});

import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 (header form), for services other than S3:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */

/** Long-term or temporary AWS credentials. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Set for temporary credentials (STS); sent, and signed, as `x-amz-security-token`. */
  sessionToken?: string;
}

/** Where a signature is valid: the region and the service's signing name (`bedrock`). */
export interface AwsSigningScope {
  region: string;
  service: string;
}

/** A request as it will be sent: `url` with its path already percent-encoded the way it goes on the wire. */
export interface SignableRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string | Buffer;
}

/** The parts of a request that its canonical form is made of. */
export interface CanonicalParts {
  method: string;
  /** The path as sent on the wire (before the signer encodes it once more). */
  path: string;
  /** The query string as sent, without `?`. */
  query: string;
  /** Header names (lower-case) and values of the signed headers. */
  headers: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body. */
  payloadHash: string;
}

const algorithm = 'AWS4-HMAC-SHA256';

// Headers that proxies may add or change; the AWS SDKs never sign them either.
const unsignable = new Set([
  'authorization', 'cache-control', 'connection', 'content-length', 'expect', 'from', 'keep-alive', 'max-forwards',
  'pragma', 'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id',
]);

/**
 * Signs a request: returns its headers with `host`, `x-amz-date`, `x-amz-security-token`
 * (for temporary credentials) and `authorization` added. Every other header given is signed.
 */
export function signAwsRequest(request: SignableRequest, credentials: AwsCredentials, scope: AwsSigningScope, now: Date = new Date()): Record<string, string> {
  const amzDate = toAmzDate(now);
  const { host, path, query } = splitUrl(request.url);
  const headers: Record<string, string> = {};
  for (const name in request.headers) headers[name.toLowerCase()] = request.headers[name];
  headers.host = host;
  headers['x-amz-date'] = amzDate;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const signed: Record<string, string> = {};
  for (const name in headers) if (!unsignable.has(name)) signed[name] = headers[name];
  const parts: CanonicalParts = { method: request.method, path, query, headers: signed, payloadHash: sha256Hex(request.body ?? '') };
  const signature = awsSignature(parts, credentials.secretAccessKey, amzDate, scope);
  headers.authorization =
    `${algorithm} Credential=${credentials.accessKeyId}/${credentialScope(amzDate, scope)}, ` +
    `SignedHeaders=${signedHeaderNames(signed)}, Signature=${signature}`;
  return headers;
}

/** The hex signature of a request's canonical parts; a receiver recomputes it to check a request. */
export function awsSignature(parts: CanonicalParts, secretAccessKey: string, amzDate: string, scope: AwsSigningScope): string {
  const stringToSign = `${algorithm}\n${amzDate}\n${credentialScope(amzDate, scope)}\n${sha256Hex(canonicalRequest(parts))}`;
  return createHmac('sha256', signingKey(secretAccessKey, amzDate.slice(0, 8), scope)).update(stringToSign).digest('hex');
}

/** The canonical request (task 1 of the signing process). */
export function canonicalRequest(parts: CanonicalParts): string {
  const names = Object.keys(parts.headers).sort();
  let headerBlock = '';
  for (const name of names) headerBlock += `${name}:${parts.headers[name].trim().replace(/\s+/g, ' ')}\n`;
  return `${parts.method}\n${canonicalPath(parts.path)}\n${canonicalQuery(parts.query)}\n${headerBlock}\n${names.join(';')}\n${parts.payloadHash}`;
}

/** Percent-encodes per RFC 3986 (everything but `A-Z a-z 0-9 - _ . ~`), as AWS requires. */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Hex SHA-256 of a body. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `20150830T123600Z`: the `x-amz-date` form of a time. */
export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function credentialScope(amzDate: string, scope: AwsSigningScope): string {
  return `${amzDate.slice(0, 8)}/${scope.region}/${scope.service}/aws4_request`;
}

function signedHeaderNames(headers: Readonly<Record<string, string>>): string {
  return Object.keys(headers).sort().join(';');
}

// Services other than S3 sign the path encoded twice: each segment of the wire path is encoded once more.
function canonicalPath(path: string): string {
  if (path === '' || path === '/') return '/';
  return path.split('/').map(encodeRfc3986).join('/');
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs = query.split('&').filter((pair) => pair !== '').map((pair) => {
    const equals = pair.indexOf('=');
    const key = equals === -1 ? pair : pair.slice(0, equals);
    const value = equals === -1 ? '' : pair.slice(equals + 1);
    return [encodeRfc3986(decodeURIComponent(key)), encodeRfc3986(decodeURIComponent(value))] as const;
  });
  pairs.sort(([keyA, valueA], [keyB, valueB]) => (keyA < keyB ? -1 : keyA > keyB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

function splitUrl(url: string): { host: string; path: string; query: string } {
  const hostStart = url.indexOf('//') + 2;
  let pathStart = hostStart;
  while (pathStart < url.length && url[pathStart] !== '/' && url[pathStart] !== '?') pathStart++;
  const queryStart = url.indexOf('?', pathStart);
  const host = url.slice(hostStart, pathStart);
  return queryStart === -1 ? { host, path: url.slice(pathStart), query: '' } : { host, path: url.slice(pathStart, queryStart), query: url.slice(queryStart + 1) };
}

const signingKeys = new Map<string, Buffer>();

/** The derived key of a day, region and service; kept, since it changes once a day. */
function signingKey(secret: string, dateStamp: string, scope: AwsSigningScope): Buffer {
  const cacheKey = `${dateStamp}/${scope.region}/${scope.service}/${secret}`;
  let key = signingKeys.get(cacheKey);
  if (key) return key;
  const date = createHmac('sha256', `AWS4${secret}`).update(dateStamp).digest();
  const region = createHmac('sha256', date).update(scope.region).digest();
  const service = createHmac('sha256', region).update(scope.service).digest();
  key = createHmac('sha256', service).update('aws4_request').digest();
  if (signingKeys.size >= 256) signingKeys.clear();
  signingKeys.set(cacheKey, key);
  return key;
}

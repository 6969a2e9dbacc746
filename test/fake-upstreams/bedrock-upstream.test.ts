import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAwsRequest } from '../../src/http/sigv4.js';
import { type BedrockUpstream, startBedrockUpstream } from './bedrock-upstream.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const scope = { region: 'us-west-2', service: 'bedrock' };
const path = '/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse';
const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] });

describe('the fake Bedrock upstream checks credentials as Bedrock does', () => {
  let upstream: BedrockUpstream;
  beforeAll(async () => {
    upstream = await startBedrockUpstream({ credentials, region: 'us-west-2', apiKey: 'ABSK-good' });
  });
  afterAll(async () => {
    await upstream.close();
  });

  const send = async (headers: Record<string, string>, sent = body) => {
    const response = await request(upstream.url + path, { method: 'POST', headers, body: sent });
    return { status: response.statusCode, type: String(response.headers['x-amzn-errortype'] ?? '').split(':')[0], body: (await response.body.json()) as { message?: string } };
  };
  const signed = (options: { secret?: string; region?: string; date?: Date; signedBody?: string } = {}) =>
    signAwsRequest(
      { method: 'POST', url: upstream.url + path, headers: { 'content-type': 'application/json' }, body: options.signedBody ?? body },
      { ...credentials, secretAccessKey: options.secret ?? credentials.secretAccessKey },
      { ...scope, region: options.region ?? scope.region },
      options.date,
    );

  it('answers a request signed with the right secret', async () => {
    expect((await send(signed())).status).toBe(200);
    expect(upstream.auth.at(-1)).toEqual({ kind: 'sigv4', accessKeyId: credentials.accessKeyId });
  });

  it('refuses a body other than the one signed, and a wrong secret', async () => {
    expect(await send(signed({ signedBody: '{}' }))).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    expect(await send(signed({ secret: 'other' }))).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
  });

  it('refuses a signature scoped to another region, or too old', async () => {
    expect((await send(signed({ region: 'us-east-1' }))).body.message).toContain('scoped to a valid region');
    expect((await send(signed({ date: new Date(Date.now() - 3_600_000) }))).body.message).toBe('Signature expired.');
  });

  it('takes the API key as a bearer token, and refuses another', async () => {
    expect((await send({ authorization: 'Bearer ABSK-good', 'content-type': 'application/json' })).status).toBe(200);
    expect(await send({ authorization: 'Bearer ABSK-bad' })).toMatchObject({ status: 403, type: 'UnrecognizedClientException' });
    expect((await send({})).status).toBe(403);
  });
});

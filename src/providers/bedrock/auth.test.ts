import { describe, expect, it } from 'vitest';
import type { ProviderKey, ProviderSettings } from '../contract.js';
import { bedrockDirectKey, bedrockHeaders, bedrockOrigin } from './auth.js';

const settings: ProviderSettings = { provider: 'bedrock', baseUrl: 'https://bedrock-runtime.{region}.amazonaws.com', customBaseUrl: false, extraHeaders: { 'x-team': 'search' }, timeoutMs: 30_000 };
const key = (fields: Partial<ProviderKey> & Record<string, unknown>): ProviderKey => ({ value: '', models: [], weight: 1, ...fields });
const url = 'https://bedrock-runtime.eu-west-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse';

describe('bedrockOrigin', () => {
  it('fills the region of the key into the default origin, us-east-1 when it names none', () => {
    expect(bedrockOrigin(settings, key({ bedrock_key_config: { region: 'eu-west-1' } }))).toBe('https://bedrock-runtime.eu-west-1.amazonaws.com');
    expect(bedrockOrigin(settings, key({}))).toBe('https://bedrock-runtime.us-east-1.amazonaws.com');
  });

  it('keeps a custom base URL as it is', () => {
    expect(bedrockOrigin({ ...settings, baseUrl: 'https://vpce-123.bedrock-runtime.eu-west-1.vpce.amazonaws.com', customBaseUrl: true }, key({}))).toBe(
      'https://vpce-123.bedrock-runtime.eu-west-1.vpce.amazonaws.com',
    );
  });
});

describe('bedrockHeaders', () => {
  it('signs with the access keys, for service bedrock in the key region, extra headers included', () => {
    const headers = bedrockHeaders(key({ bedrock_key_config: { access_key: 'AKIDEXAMPLE', secret_key: 'secret', region: 'eu-west-1' } }), settings, url, '{}');
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-team, Signature=[0-9a-f]{64}$/);
    expect(headers).toMatchObject({ host: 'bedrock-runtime.eu-west-1.amazonaws.com', 'content-type': 'application/json', 'x-team': 'search' });
    expect(headers['x-amz-security-token']).toBeUndefined();
  });

  it('sends the session token of temporary credentials', () => {
    const headers = bedrockHeaders(key({ bedrock_key_config: { access_key: 'ASIA', secret_key: 'secret', session_token: 'token' } }), settings, url, '{}');
    expect(headers['x-amz-security-token']).toBe('token');
    expect(headers.authorization).toContain('/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-team,');
  });

  it('sends a Bedrock API key as a bearer token, and nothing for a keyless call', () => {
    expect(bedrockHeaders(key({ value: 'ABSK-example' }), settings, url, '{}', 'application/json')).toEqual({
      'x-team': 'search',
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: 'Bearer ABSK-example',
    });
    expect(bedrockHeaders(key({}), settings, url, '{}').authorization).toBeUndefined();
  });

  it('signs forwarded caller headers with the rest, never letting them replace its own', () => {
    const forward = { 'x-trace-id': 'abc', 'content-type': 'text/plain' };
    const headers = bedrockHeaders(key({ bedrock_key_config: { access_key: 'AKIDEXAMPLE', secret_key: 'secret' } }), settings, url, '{}', undefined, forward);
    expect(headers).toMatchObject({ 'x-trace-id': 'abc', 'content-type': 'application/json' });
    expect(headers.authorization).toContain('SignedHeaders=content-type;host;x-amz-date;x-team;x-trace-id,');
  });
});

describe('bedrockDirectKey', () => {
  it('keeps the region and deployments of the configured key, never its access keys', () => {
    const template = key({ name: 'aws', bedrock_key_config: { access_key: 'AKID', secret_key: 'secret', session_token: 't', region: 'eu-west-1', deployments: { claude: 'eu.claude' } } });
    const direct = bedrockDirectKey('ABSK-caller', template);
    expect(direct.value).toBe('ABSK-caller');
    expect(direct.bedrock_key_config).toEqual({ region: 'eu-west-1', deployments: { claude: 'eu.claude' } });
    expect(bedrockHeaders(direct, settings, url, '{}').authorization).toBe('Bearer ABSK-caller');
  });
});

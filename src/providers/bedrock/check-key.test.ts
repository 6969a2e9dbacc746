import { describe, expect, it } from 'vitest';
import type { ProviderKey } from '../contract.js';
import { checkBedrockKey } from './check-key.js';

const key = (fields: Partial<ProviderKey> & Record<string, unknown>): ProviderKey => ({ value: '', models: [], weight: 1, ...fields });
const check = (fields: Partial<ProviderKey> & Record<string, unknown>, customBaseUrl = false) => checkBedrockKey(key(fields), { customBaseUrl });

describe('checkBedrockKey', () => {
  it('accepts a Bedrock API key, or complete access keys with a region', () => {
    expect(check({ value: 'ABSK-example' })).toEqual([]);
    expect(check({ value: 'ABSK-example', bedrock_key_config: { region: 'eu-central-1', deployments: { claude: 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0' } } })).toEqual([]);
    expect(check({ bedrock_key_config: { access_key: 'AKIA', secret_key: 'secret', session_token: 'token', region: 'us-gov-west-1' } })).toEqual([]);
  });

  it('wants one of them, except behind a custom base_url', () => {
    expect(check({})).toEqual(['value: required: a Bedrock API key (sent as a bearer token), or bedrock_key_config.access_key and secret_key for SigV4 signing']);
    expect(check({ bedrock_key_config: { region: 'us-east-1' } })).toHaveLength(1);
    expect(check({}, true)).toEqual([]);
  });

  it('names the missing half of an access key pair', () => {
    expect(check({ bedrock_key_config: { access_key: 'AKIA' } })).toEqual(['bedrock_key_config.secret_key: required with access_key; set the secret access key or an env.NAME reference']);
    expect(check({ bedrock_key_config: { secret_key: 'secret' } })).toEqual(['bedrock_key_config.access_key: required with secret_key; set the access key id or an env.NAME reference']);
    expect(check({ value: 'ABSK', bedrock_key_config: { session_token: 'token' } })).toEqual(['bedrock_key_config.session_token: used only with access_key and secret_key']);
  });

  it('refuses both kinds of credentials at once', () => {
    expect(check({ value: 'ABSK', bedrock_key_config: { access_key: 'AKIA', secret_key: 'secret' } })).toEqual([
      'value: set either value (a Bedrock API key) or bedrock_key_config.access_key and secret_key, not both',
    ]);
  });

  it('checks the region, the types and the deployments', () => {
    expect(check({ value: 'k', bedrock_key_config: { region: 'Frankfurt' } })).toEqual(["bedrock_key_config.region: 'Frankfurt' is not an AWS region name (like us-east-1)"]);
    expect(check({ value: 'k', bedrock_key_config: { access_key: 42 } })).toEqual(['bedrock_key_config.access_key: must be a string']);
    expect(check({ value: 'k', bedrock_key_config: { deployments: ['a'] } })).toEqual(['bedrock_key_config.deployments: must map model names to model ids or inference profile ARNs']);
    expect(check({ value: 'k', bedrock_key_config: { deployments: { claude: '' } } })).toEqual(['bedrock_key_config.deployments.claude: must be a model id or an inference profile id or ARN']);
  });
});

import { describe, expect, it } from 'vitest';
import type { ProviderKey } from '../contract.js';
import { bedrockModelFamily, bedrockModelPath, toBedrockModelId } from './model-id.js';

const key = (fields: Record<string, unknown>): ProviderKey => ({ value: '', models: [], weight: 1, ...fields });

describe('toBedrockModelId', () => {
  it('takes the deployment of a model name, then its alias, then the name itself', () => {
    const withBoth = key({ bedrock_key_config: { deployments: { claude: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0' } }, aliases: { claude: 'x', nova: 'amazon.nova-pro-v1:0' } });
    expect(toBedrockModelId('claude', withBoth)).toBe('us.anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(toBedrockModelId('nova', withBoth)).toBe('amazon.nova-pro-v1:0');
    expect(toBedrockModelId('meta.llama3-70b-instruct-v1:0', withBoth)).toBe('meta.llama3-70b-instruct-v1:0');
    expect(toBedrockModelId('toString', key({ bedrock_key_config: { deployments: {} } }))).toBe('toString');
  });
});

describe('bedrockModelPath', () => {
  it('percent-encodes model ids, inference profiles and ARNs into one path segment', () => {
    expect(bedrockModelPath('anthropic.claude-3-5-sonnet-20240620-v1:0', 'converse')).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
    expect(bedrockModelPath('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3', 'converse-stream')).toBe(
      '/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3/converse-stream',
    );
  });
});

describe('bedrockModelFamily', () => {
  it('reads the family from the id, a cross-region profile, or the configured name of an opaque ARN', () => {
    expect(bedrockModelFamily('anthropic.claude-3-5-sonnet-20240620-v1:0', 'x')).toBe('anthropic');
    expect(bedrockModelFamily('global.anthropic.claude-sonnet-4-20250514-v1:0', 'x')).toBe('anthropic');
    expect(bedrockModelFamily('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3', 'claude-prod')).toBe('anthropic');
    expect(bedrockModelFamily('us.amazon.nova-2-lite-v1:0', 'x')).toBe('nova-2');
    expect(bedrockModelFamily('amazon.nova-pro-v1:0', 'x')).toBe('other');
  });
});

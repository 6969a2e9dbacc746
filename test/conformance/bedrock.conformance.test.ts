import { startBedrockUpstream } from '../fake-upstreams/bedrock-upstream.js';
import { runConformance } from './run-conformance.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' };

runConformance({
  provider: 'bedrock',
  model: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  // Every request is checked against its SigV4 signature, recomputed by the fake with the same secret.
  startUpstream: () => startBedrockUpstream({ credentials, region: 'us-west-2' }),
  providerConfig: () => ({
    keys: [
      {
        name: 'k1',
        models: [],
        weight: 1,
        bedrock_key_config: { access_key: credentials.accessKeyId, secret_key: credentials.secretAccessKey, session_token: credentials.sessionToken, region: 'us-west-2' },
      },
    ],
  }),
  // Converse's TokenUsage counts reasoning inside outputTokens and has no field for it apart.
  reportsReasoningTokens: false,
  skips: {
    'vision-url': 'Converse takes image bytes or S3 objects, never a URL to fetch; an http(s) image URL is refused as invalid_request',
  },
});

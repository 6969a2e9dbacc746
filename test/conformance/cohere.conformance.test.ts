import { startCohereUpstream } from '../fake-upstreams/cohere-upstream.js';
import { runConformance } from './run-conformance.js';

runConformance({
  provider: 'cohere',
  model: 'command-a-03-2025',
  startUpstream: () => startCohereUpstream(),
  providerConfig: () => ({ keys: [{ name: 'k1', value: 'co-test-key', models: [], weight: 1 }] }),
  // Cohere's usage has input and output tokens only; reasoning tokens are inside output_tokens.
  reportsReasoningTokens: false,
  skips: {
    'finish-content-filter': "Cohere's v2 finish reasons (COMPLETE, STOP_SEQUENCE, MAX_TOKENS, TOOL_CALL, ERROR, TIMEOUT) have no content filter",
  },
});

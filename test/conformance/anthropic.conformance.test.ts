import { startAnthropicUpstream } from '../fake-upstreams/anthropic-upstream.js';
import { runConformance } from './run-conformance.js';

runConformance({
  provider: 'anthropic',
  model: 'claude-sonnet-4-5-20250929',
  startUpstream: () => startAnthropicUpstream({ apiKey: 'sk-ant-test' }),
  providerConfig: () => ({ keys: [{ name: 'k1', value: 'sk-ant-test', models: [], weight: 1 }] }),
});

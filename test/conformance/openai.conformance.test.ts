import { startOpenAIWireUpstream } from './openai-wire-upstream.js';
import { runConformance } from './run-conformance.js';

runConformance({
  provider: 'openai',
  model: 'gpt-4o-mini',
  startUpstream: () => startOpenAIWireUpstream(),
  providerConfig: () => ({ keys: [{ name: 'k1', value: 'sk-test', models: [], weight: 1 }] }),
});

import { startGeminiUpstream } from '../fake-upstreams/gemini-upstream.js';
import { runConformance } from './run-conformance.js';

runConformance({
  provider: 'gemini',
  model: 'gemini-2.5-flash',
  startUpstream: () => startGeminiUpstream({ apiKey: 'gemini-test-key' }),
  providerConfig: () => ({ keys: [{ name: 'k1', value: 'gemini-test-key', models: [], weight: 1 }] }),
});

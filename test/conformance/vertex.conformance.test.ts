import { startVertexUpstream, type VertexUpstream, vertexKeyConfig } from '../fake-upstreams/vertex-upstream.js';
import type { ConformanceUpstream } from './kit.js';
import { runConformance } from './run-conformance.js';

const providerConfig = (upstream: ConformanceUpstream) => ({
  keys: [{ name: 'sa1', value: '', models: [], weight: 1, vertex_key_config: vertexKeyConfig(upstream as VertexUpstream) }],
});

// Gemini on Vertex: Google's publisher models through generateContent.
runConformance({
  provider: 'vertex',
  model: 'gemini-2.5-flash',
  startUpstream: () => startVertexUpstream(),
  providerConfig,
});

// Claude on Vertex: Anthropic's publisher models through rawPredict, with Anthropic's body and errors.
runConformance({
  provider: 'vertex',
  model: 'claude-sonnet-4-5@20250929',
  startUpstream: () => startVertexUpstream({ region: 'us-east5' }),
  providerConfig,
});

import { startOpenAIWireUpstream } from './openai-wire-upstream.js';
import { runConformance } from './run-conformance.js';

// Three profiles of the OpenAI-compatible family, each with its own request rules over the shared adapter.

// Mistral: seed and max tokens renamed, no developer role, no stream_options, no reasoning controls.
runConformance({
  provider: 'mistral',
  model: 'mistral-large-latest',
  startUpstream: () => startOpenAIWireUpstream(),
  providerConfig: () => ({ keys: [{ name: 'k1', value: 'sk-mistral', models: [], weight: 1 }] }),
  skips: { reasoning: 'reasoning_effort has no Mistral equivalent (capabilities.reasoning is false); it is dropped with a warning' },
});

// Groq: logprobs fields and messages[].name dropped; reasoning text read from `reasoning`.
runConformance({
  provider: 'groq',
  model: 'llama-3.3-70b-versatile',
  startUpstream: () => startOpenAIWireUpstream(),
  providerConfig: () => ({ keys: [{ name: 'k1', value: 'gsk-test', models: [], weight: 1 }] }),
});

// vLLM: a self-hosted server, no key.
runConformance({
  provider: 'vllm',
  model: 'Qwen/Qwen3-8B',
  startUpstream: () => startOpenAIWireUpstream(),
  providerConfig: () => ({ keys: [] }),
});

// Ollama: a local server, no key; no tool_choice (dropped with a warning), reasoning text in `reasoning`.
runConformance({
  provider: 'ollama',
  model: 'qwen3:8b',
  startUpstream: () => startOpenAIWireUpstream(),
  providerConfig: () => ({ keys: [] }),
  skips: { 'tool-choice': "Ollama's OpenAI-compatible API has no tool_choice; it is dropped with a warning" },
});

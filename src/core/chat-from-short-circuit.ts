import type { ChatResponse } from '../api/index.js';
import type { ShortCircuit } from '../plugins/contract.js';
import { StreamCollector } from '../streaming/collect-stream.js';

/** A plugin's answer to a non-streaming chat: its response, or its stream collected into one. */
export async function chatFromShortCircuit(shortCircuit: ShortCircuit): Promise<ChatResponse> {
  if ('response' in shortCircuit) return shortCircuit.response as ChatResponse;
  const collector = new StreamCollector();
  for await (const chunk of shortCircuit.stream) collector.add(chunk);
  return collector.response();
}

import type { ChatRequest } from '../api/index.js';
import { errors } from '../errors/index.js';
import type { ProviderAdapter } from '../providers/contract.js';

/**
 * Refuses a chat request that needs what the provider's adapter declares it lacks
 * (`capabilities.tools`, `vision`, `jsonSchema`), instead of sending it upstream to
 * be refused or, worse, answered as if the parameter were not there. Plain property
 * reads, and nothing at all for an adapter that has all three: this runs per request.
 */
export function checkCapabilities(request: ChatRequest, adapter: ProviderAdapter, provider: string): void {
  const capabilities = adapter.capabilities;
  if (capabilities.tools && capabilities.vision && capabilities.jsonSchema) return;
  if (!capabilities.tools && Array.isArray(request.tools) && request.tools.length > 0) {
    throw errors.unsupportedOperation(provider, 'tool calling (the request sets `tools`)', 'tools');
  }
  if (!capabilities.jsonSchema && request.response_format?.type === 'json_schema') {
    throw errors.unsupportedOperation(provider, 'structured output (the request sets `response_format` of type `json_schema`)', 'response_format');
  }
  if (!capabilities.vision) {
    const index = firstImageMessage(request.messages);
    if (index !== -1) throw errors.unsupportedOperation(provider, `image input (\`messages[${index}]\` has an \`image_url\` part)`, `messages[${index}].content`);
  }
}

function firstImageMessage(messages: ChatRequest['messages']): number {
  for (let i = 0; i < messages.length; i++) {
    const content = messages[i].content;
    if (!Array.isArray(content)) continue;
    for (let j = 0; j < content.length; j++) {
      if ((content[j] as { type?: unknown } | null)?.type === 'image_url') return i;
    }
  }
  return -1;
}

import type { ReceivedImage, ReceivedMessage, ReceivedRequest } from '../conformance/kit.js';
import type { RecordedRequest } from '../conformance/fake-server.js';

type Part = { type: string; text?: string; thinking?: string; image_url?: { url: string } };

/**
 * Reads a `POST /v2/chat` body (already checked against Cohere's schema) back into the
 * conformance suite's neutral terms. An assistant's `tool_plan` counts as its text;
 * without `tool_choice` Cohere chooses freely (`auto`); `REQUIRED` is read as `required`
 * whatever the number of tools sent.
 */
export function readCohereRequest(request: RecordedRequest): ReceivedRequest {
  const body = request.body as Record<string, any>;
  const system: string[] = [];
  const messages: ReceivedMessage[] = [];
  for (const message of body.messages as Array<Record<string, any>>) {
    const { text, images } = readContent(message.content);
    if (message.role === 'system') {
      system.push(text);
      continue;
    }
    messages.push({
      role: message.role,
      text: message.role === 'tool' ? '' : [message.tool_plan, text].filter((part) => part).join('\n'),
      images,
      toolCalls: (message.tool_calls ?? []).map((call: any) => ({ id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) })),
      toolResults: message.role === 'tool' ? [{ id: message.tool_call_id, content: text }] : [],
    });
  }
  const tools = (body.tools ?? []).map((tool: any) => ({ name: tool.function.name, description: tool.function.description, parameters: tool.function.parameters }));
  const choice = body.tool_choice;
  return {
    model: body.model,
    stream: body.stream === true,
    system: system.length > 0 ? system.join('\n') : undefined,
    messages,
    tools,
    toolChoice: choice === 'REQUIRED' ? 'required' : choice === 'NONE' ? 'none' : tools.length > 0 ? 'auto' : undefined,
    stop: body.stop_sequences,
    maxTokens: body.max_tokens,
    temperature: body.temperature,
    topP: body.p,
    jsonSchema: body.response_format?.json_schema,
    jsonObject: body.response_format?.type === 'json_object',
    headers: request.headers,
  };
}

function readContent(content: unknown): Pick<ReceivedMessage, 'text' | 'images'> {
  if (typeof content === 'string') return { text: content, images: [] };
  if (!Array.isArray(content)) return { text: '', images: [] };
  const texts: string[] = [];
  const images: ReceivedImage[] = [];
  for (const part of content as Part[]) {
    if (part.type === 'text') texts.push(part.text ?? '');
    if (part.type === 'image_url' && part.image_url) {
      const match = /^data:([^;]+);base64,(.*)$/.exec(part.image_url.url);
      images.push(match ? { mediaType: match[1]!, base64: match[2]! } : { url: part.image_url.url });
    }
  }
  return { text: texts.join('\n'), images };
}

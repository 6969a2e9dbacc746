import type { ChatResponse, StreamChunk, ToolCall, Usage } from '../api/index.js';

/**
 * Builds a complete chat response from a normalized stream, e.g. to answer a
 * non-streaming caller from a streaming source, or to store a streamed answer.
 */
export class StreamCollector {
  #id = '';
  #model = '';
  #created = 0;
  #fingerprint: string | null | undefined;
  #choices: { content: string; reasoning: string; tools: ToolCall[]; finish: ChatResponse['choices'][number]['finish_reason'] }[] = [];
  usage: Usage | undefined;

  add(chunk: StreamChunk): void {
    switch (chunk.type) {
      case 'start':
        this.#id = chunk.id;
        this.#model = chunk.model;
        this.#created = chunk.created;
        this.#fingerprint = chunk.systemFingerprint;
        break;
      case 'text-delta':
        this.#choice(chunk.choice).content += chunk.text;
        break;
      case 'reasoning-delta':
        this.#choice(chunk.choice).reasoning += chunk.text;
        break;
      case 'tool-call-delta': {
        const tools = this.#choice(chunk.choice).tools;
        const call = (tools[chunk.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (chunk.id !== undefined) call.id = chunk.id;
        if (chunk.name !== undefined) call.function.name += chunk.name;
        call.function.arguments += chunk.arguments;
        break;
      }
      case 'finish':
        this.#choice(chunk.choice).finish = chunk.reason;
        break;
      case 'usage':
        this.usage = chunk.usage;
        break;
      case 'error':
        break;
    }
  }

  response(): ChatResponse {
    const response: ChatResponse = {
      id: this.#id,
      object: 'chat.completion',
      created: this.#created,
      model: this.#model,
      choices: this.#choices.map((choice, index) => ({
        index,
        message: {
          role: 'assistant',
          content: choice.content === '' && choice.tools.length > 0 ? null : choice.content,
          ...(choice.reasoning === '' ? {} : { reasoning_content: choice.reasoning }),
          ...(choice.tools.length === 0 ? {} : { tool_calls: choice.tools.filter(Boolean) }),
        },
        finish_reason: choice.finish,
      })),
    };
    if (this.#fingerprint !== undefined) response.system_fingerprint = this.#fingerprint;
    if (this.usage) response.usage = this.usage;
    return response;
  }

  #choice(index: number) {
    return (this.#choices[index] ??= { content: '', reasoning: '', tools: [], finish: null });
  }
}

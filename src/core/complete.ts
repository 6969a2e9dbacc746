import type { CompletionRequest, CompletionResponse, StreamChunk, Usage } from '../api/index.js';
import { errors } from '../errors/index.js';
import { addUsage } from './add-usage.js';
import { toCompletionFromChat } from './chat-to-completion.js';
import { checkCompletionParams, completionPrompts, toChatFromCompletion } from './completion-to-chat.js';
import type { OperationHost } from './operation-host.js';
import { relayNativeStream } from './relay-native-stream.js';
import type { RequestContext } from './request-context.js';
import { validateCompletionRequest } from './validate-request.js';

/**
 * A legacy text completion: the provider's own endpoint when its adapter has one,
 * otherwise each prompt as one chat request (in parallel), joined into one answer.
 */
export async function complete(host: OperationHost, request: CompletionRequest, context: RequestContext): Promise<CompletionResponse> {
  validateCompletionRequest(request);
  const route = await host.route(request.model, context);
  const adapter = route.runtime.adapter;
  if (adapter.capabilities.completions && adapter.completions) {
    return host.call(route, request, context, (call) => adapter.completions!(call));
  }
  if (!adapter.chat) throw errors.unsupportedOperation(route.runtime.name, 'text completions');
  const prompts = completionPrompts(request, route.runtime.name);
  checkCompletionParams(request, route.runtime.name, context.warnings);
  const answers = await Promise.all(prompts.map((prompt) => host.chat(toChatFromCompletion(request, prompt, false), { context })));
  return toCompletionFromChat(answers, prompts, request);
}

/**
 * A streamed text completion, as normalized chunks (text deltas, finishes, usage).
 * Errors before the first chunk are thrown; after it they arrive as an `error` chunk.
 */
export async function* completeStream(host: OperationHost, request: CompletionRequest, context: RequestContext): AsyncGenerator<StreamChunk, void, undefined> {
  validateCompletionRequest(request);
  const route = await host.route(request.model, context);
  const adapter = route.runtime.adapter;
  if (adapter.capabilities.completions && adapter.completionsStream) {
    yield* relayNativeStream(host, route, request, context, (call) => adapter.completionsStream!(call), (failure) => ({ type: 'error', error: failure }));
    return;
  }
  if (!adapter.chatStream) throw errors.unsupportedOperation(route.runtime.name, 'streaming text completions');
  const prompts = completionPrompts(request, route.runtime.name);
  checkCompletionParams(request, route.runtime.name, context.warnings);
  yield* streamPrompts(host, request, prompts, context);
}

/**
 * Streams the prompts one after the other, each through chat: choices renumbered
 * (`p * n + i`), the prompt first when `echo` is set, one `start` and one summed
 * `usage`. Reasoning and tool calls have no place in a text completion and are left out.
 */
async function* streamPrompts(host: OperationHost, request: CompletionRequest, prompts: readonly string[], context: RequestContext): AsyncGenerator<StreamChunk, void, undefined> {
  const n = request.n ?? 1;
  let usage: Usage | undefined;
  let started = false;
  for (let p = 0; p < prompts.length; p++) {
    const offset = p * n;
    try {
      for await (const chunk of host.chatStream(toChatFromCompletion(request, prompts[p], true), { context })) {
        switch (chunk.type) {
          case 'start':
            if (!started) yield chunk;
            started = true;
            if (request.echo === true) for (let i = 0; i < n; i++) yield { type: 'text-delta', choice: offset + i, text: prompts[p] };
            break;
          case 'text-delta':
          case 'finish':
            yield offset === 0 ? chunk : { ...chunk, choice: offset + chunk.choice };
            break;
          case 'usage':
            usage = addUsage(usage, chunk.usage);
            break;
          case 'error':
            yield chunk;
            return;
          case 'reasoning-delta':
          case 'tool-call-delta':
            break;
        }
      }
    } catch (error) {
      // A later prompt that fails before its first chunk: output began, so it is reported in-band.
      const failure = host.failure(error);
      if (!started || failure.failureClass === 'cancelled') throw failure;
      yield { type: 'error', error: failure };
      return;
    }
  }
  if (usage) yield { type: 'usage', usage };
}

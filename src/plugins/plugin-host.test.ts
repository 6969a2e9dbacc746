import { describe, expect, it, vi } from 'vitest';
import type { ChatResponse, StreamChunk } from '../api/index.js';
import { createRequestContext } from '../core/request-context.js';
import { errors } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { Plugin, PluginRequest } from './contract.js';
import { PluginHost } from './plugin-host.js';

function quietLogger() {
  const error = vi.fn();
  const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error, fatal: vi.fn() };
  return { logger, error };
}

function chatRequest(): PluginRequest {
  return { operation: 'chat', request: { model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] }, context: createRequestContext({ requestId: 'req-1' }) };
}

const cached: ChatResponse = {
  id: 'chatcmpl-cached',
  object: 'chat.completion',
  created: 1700000000,
  model: 'echo',
  choices: [{ index: 0, message: { role: 'assistant', content: 'from cache' }, finish_reason: 'stop' }],
};

/** A plugin that records its hooks in `calls`, as `<name>.<hook>`. */
function recorder(name: string, calls: string[], extra: Partial<Plugin> = {}): Plugin {
  return {
    name,
    onRequest: () => {
      calls.push(`${name}.onRequest`);
    },
    onResponse: () => {
      calls.push(`${name}.onResponse`);
    },
    ...extra,
  };
}

describe('PluginHost', () => {
  it('runs onRequest in registration order and onResponse in reverse', async () => {
    const calls: string[] = [];
    const host = new PluginHost([recorder('a', calls), recorder('b', calls), recorder('c', calls)], quietLogger().logger);
    const request = chatRequest();
    const phase = await host.runRequest(request);
    await host.runResponse(request, phase.ran, { response: cached, shortCircuited: false });
    expect(calls).toEqual(['a.onRequest', 'b.onRequest', 'c.onRequest', 'c.onResponse', 'b.onResponse', 'a.onResponse']);
    expect(phase.ran.map((plugin) => plugin.name)).toEqual(['a', 'b', 'c']);
    expect(phase.shortCircuit).toBeUndefined();
  });

  it('counts a plugin without onRequest as having run', async () => {
    const calls: string[] = [];
    const host = new PluginHost([{ name: 'only-response', onResponse: () => void calls.push('only-response.onResponse') }, recorder('b', calls)], quietLogger().logger);
    const request = chatRequest();
    const phase = await host.runRequest(request);
    await host.runResponse(request, phase.ran, { response: cached, shortCircuited: false });
    expect(calls).toEqual(['b.onRequest', 'b.onResponse', 'only-response.onResponse']);
  });

  it('stops at a short-circuit: later onRequest hooks do not run, and onResponse runs only for plugins that ran', async () => {
    const calls: string[] = [];
    const cache = recorder('cache', calls, {
      onRequest: () => {
        calls.push('cache.onRequest');
        return { response: cached };
      },
    });
    const host = new PluginHost([recorder('auth', calls), cache, recorder('later', calls)], quietLogger().logger);
    const request = chatRequest();
    const phase = await host.runRequest(request);
    expect(phase.shortCircuit).toEqual({ response: cached });
    expect(phase.ran.map((plugin) => plugin.name)).toEqual(['auth', 'cache']);
    await host.runResponse(request, phase.ran, { response: cached, shortCircuited: true });
    expect(calls).toEqual(['auth.onRequest', 'cache.onRequest', 'cache.onResponse', 'auth.onResponse']);
  });

  it('awaits async hooks in order', async () => {
    const calls: string[] = [];
    const slow: Plugin = {
      name: 'slow',
      onRequest: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        calls.push('slow.onRequest');
      },
    };
    const host = new PluginHost([slow, recorder('fast', calls)], quietLogger().logger);
    await host.runRequest(chatRequest());
    expect(calls).toEqual(['slow.onRequest', 'fast.onRequest']);
  });

  it('lets a plugin change the request for the plugins after it', async () => {
    const seen: string[] = [];
    const router: Plugin = {
      name: 'router',
      onRequest: (request) => {
        request.request.model = 'mock/other';
      },
    };
    const observer: Plugin = { name: 'observer', onRequest: (request) => void seen.push(request.request.model) };
    const request = chatRequest();
    await new PluginHost([router, observer], quietLogger().logger).runRequest(request);
    expect(seen).toEqual(['mock/other']);
    expect(request.request.model).toBe('mock/other');
  });

  it('isolates a plugin that throws: the request goes on, the failure is logged and counted', async () => {
    const calls: string[] = [];
    const { logger, error } = quietLogger();
    const broken: Plugin = {
      name: 'broken',
      onRequest: () => {
        throw new Error('boom');
      },
    };
    const host = new PluginHost([broken, recorder('next', calls)], logger);
    const phase = await host.runRequest(chatRequest());
    await host.runRequest(chatRequest());
    expect(phase.shortCircuit).toBeUndefined();
    expect(calls).toEqual(['next.onRequest', 'next.onRequest']);
    expect(host.failures().get('broken')).toBe(2);
    expect(host.failures().has('next')).toBe(false);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ plugin: 'broken', hook: 'onRequest' }), 'plugin hook failed');
  });

  it('rejects with plugin_error when a fail-closed plugin throws, after onResponse of the plugins before it', async () => {
    const calls: string[] = [];
    const guard: Plugin = {
      name: 'guard',
      failClosed: true,
      onRequest: () => {
        throw new Error('store unavailable');
      },
    };
    const host = new PluginHost([recorder('first', calls), guard, recorder('never', calls)], quietLogger().logger);
    const rejection = host.runRequest(chatRequest());
    await expect(rejection).rejects.toMatchObject({ code: 'plugin_error', status: 500, message: "Plugin 'guard' failed: store unavailable" });
    expect(calls).toEqual(['first.onRequest', 'first.onResponse']);
    expect(host.failures().get('guard')).toBe(1);
  });

  it('rejects with the GatewayError a plugin throws, passing it to onResponse of earlier plugins', async () => {
    const outcomes: unknown[] = [];
    const limit = errors.rateLimited('governance', 'budget exhausted');
    const first: Plugin = { name: 'first', onResponse: (_request, outcome) => void outcomes.push(outcome) };
    const governance: Plugin = {
      name: 'governance',
      onRequest: () => {
        throw limit;
      },
      onResponse: () => void outcomes.push('governance.onResponse'),
    };
    const host = new PluginHost([first, governance], quietLogger().logger);
    await expect(host.runRequest(chatRequest())).rejects.toBe(limit);
    expect(outcomes).toEqual([{ error: limit, shortCircuited: false }]);
    expect(host.failures().size).toBe(0);
  });

  it('isolates a throwing onResponse, even of a fail-closed plugin, and still runs the others', async () => {
    const calls: string[] = [];
    const broken: Plugin = {
      name: 'broken',
      failClosed: true,
      onResponse: () => {
        throw new Error('boom');
      },
    };
    const host = new PluginHost([recorder('a', calls), broken], quietLogger().logger);
    const request = chatRequest();
    const phase = await host.runRequest(request);
    await expect(host.runResponse(request, phase.ran, { response: cached, shortCircuited: false })).resolves.toBeUndefined();
    expect(calls).toEqual(['a.onRequest', 'a.onResponse']);
    expect(host.failures().get('broken')).toBe(1);
  });

  describe('transformChunk', () => {
    const text = (value: string): StreamChunk => ({ type: 'text-delta', choice: 0, text: value });

    it('passes a chunk through every onStreamChunk in order, each seeing the result of the one before', async () => {
      const upper: Plugin = { name: 'upper', onStreamChunk: (_r, chunk) => (chunk.type === 'text-delta' ? { ...chunk, text: chunk.text.toUpperCase() } : chunk) };
      const exclaim: Plugin = { name: 'exclaim', onStreamChunk: (_r, chunk) => (chunk.type === 'text-delta' ? { ...chunk, text: `${chunk.text}!` } : undefined) };
      const host = new PluginHost([upper, exclaim], quietLogger().logger);
      const request = chatRequest();
      const { ran } = await host.runRequest(request);
      expect(host.transformsChunks).toBe(true);
      expect(host.transformChunk(request, ran, text('hi'))).toEqual(text('HI!'));
      expect(host.transformChunk(request, ran, { type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' })).toEqual({ type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' });
    });

    it('drops a chunk when a plugin returns null, skipping the plugins after it', async () => {
      const later = vi.fn((_request: PluginRequest, chunk: StreamChunk) => chunk);
      const filter: Plugin = { name: 'filter', onStreamChunk: (_r, chunk) => (chunk.type === 'text-delta' && chunk.text.includes('secret') ? null : chunk) };
      const host = new PluginHost([filter, { name: 'later', onStreamChunk: later }], quietLogger().logger);
      const request = chatRequest();
      const { ran } = await host.runRequest(request);
      expect(host.transformChunk(request, ran, text('a secret'))).toBeNull();
      expect(later).not.toHaveBeenCalled();
      expect(host.transformChunk(request, ran, text('public'))).toEqual(text('public'));
      expect(later).toHaveBeenCalledTimes(1);
    });

    it('skips plugins whose onRequest did not run', async () => {
      const calls: string[] = [];
      const shortCircuit: Plugin = { name: 'cache', onRequest: () => ({ response: cached }) };
      const after: Plugin = { name: 'after', onStreamChunk: (_r, chunk) => void calls.push(`after saw ${chunk.type}`) };
      const host = new PluginHost([shortCircuit, after], quietLogger().logger);
      const request = chatRequest();
      const { ran } = await host.runRequest(request);
      expect(host.transformChunk(request, ran, text('x'))).toEqual(text('x'));
      expect(calls).toEqual([]);
    });

    it('keeps the chunk as it was when a plugin throws, and counts the failure', async () => {
      const broken: Plugin = {
        name: 'broken',
        onStreamChunk: () => {
          throw new Error('boom');
        },
      };
      const host = new PluginHost([broken], quietLogger().logger);
      const request = chatRequest();
      const { ran } = await host.runRequest(request);
      expect(host.transformChunk(request, ran, text('x'))).toEqual(text('x'));
      expect(host.failures().get('broken')).toBe(1);
    });

    it('reports no chunk transformation when no plugin has onStreamChunk', () => {
      expect(new PluginHost([{ name: 'a' }], quietLogger().logger).transformsChunks).toBe(false);
    });
  });

  it('rejects two plugins with the same name', () => {
    expect(() => new PluginHost([{ name: 'cache' }, { name: 'metrics' }, { name: 'cache' }], quietLogger().logger)).toThrow(/'cache'/);
  });

  it('closes plugins in reverse order and isolates a failing close', async () => {
    const calls: string[] = [];
    const host = new PluginHost(
      [
        { name: 'a', close: () => void calls.push('a') },
        {
          name: 'b',
          close: () => {
            throw new Error('boom');
          },
        },
        { name: 'c', close: async () => void calls.push('c') },
      ],
      quietLogger().logger,
    );
    await host.close();
    expect(calls).toEqual(['c', 'a']);
    expect(host.failures().get('b')).toBe(1);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeProvidersPerTest } from '../support/fake-providers.js';
import { createGateway } from '../../src/index.js';
import { silentLogger, type StartedGateway } from '../support/start-gateway.js';

/** One exported span, from OTLP/HTTP JSON, with its attributes as a plain object. */
interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  status: { code?: number; message?: string };
  attributes: Record<string, string | number | boolean>;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  service: string | undefined;
}

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
type KeyValue = { key: string; value: AnyValue };

function valueOf(value: AnyValue): string | number | boolean {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  throw new Error(`unexpected attribute value ${JSON.stringify(value)}`);
}

const attributesOf = (list: KeyValue[] | undefined) => Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));

/** A fake OpenTelemetry collector: takes OTLP/HTTP JSON trace exports on 127.0.0.1 and keeps their spans. */
async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; posts: number; contentTypes: string[]; headers: Record<string, unknown>[]; close(): Promise<void> }> {
  const collector = { url: '', spans: [] as ExportedSpan[], posts: 0, contentTypes: [] as string[], headers: [] as Record<string, unknown>[], close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      collector.posts++;
      collector.contentTypes.push(String(req.headers['content-type']));
      collector.headers.push(req.headers);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { resource?: { attributes?: KeyValue[] }; scopeSpans: { spans: (Omit<ExportedSpan, 'attributes' | 'service'> & { attributes?: KeyValue[] })[] }[] }[];
      };
      for (const resourceSpans of body.resourceSpans) {
        const service = attributesOf(resourceSpans.resource?.attributes)['service.name'] as string | undefined;
        for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) collector.spans.push({ ...span, parentSpanId: span.parentSpanId || undefined, attributes: attributesOf(span.attributes), service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  collector.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  collector.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return collector;
}

/** Flushes the gateway's spans until `ready` holds (the server ends a request's span when its response closes, just after the client has it). */
async function flushUntil(served: StartedGateway, ready: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ready(); i++) {
    await served.gateway.tracing!.forceFlush();
    if (!ready()) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(ready(), 'the expected spans were exported').toBe(true);
}

const question = { messages: [{ role: 'user' as const, content: 'Hello?' }] };
const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const callerSpanId = '00f067aa0ba902b7';
const callerTraceparent = `00-${callerTraceId}-${callerSpanId}-01`;

describe('OpenTelemetry traces (tracing)', () => {
  const providers = fakeProvidersPerTest();
  let collector: Awaited<ReturnType<typeof startCollector>> | undefined;
  afterEach(async () => {
    await collector?.close();
    collector = undefined;
  });

  const start = async (network?: Record<string, unknown>, tracing: Record<string, unknown> = {}) => {
    collector = await startCollector();
    const endpoint = collector.url;
    return providers.start(['alpha'], (config) => ({ config: { providers: config, tracing: { enabled: true, endpoint, service_name: 'gateway-under-test', headers: { 'x-collector-token': 'abc' }, ...tracing } } }), network ? { alpha: network } : {});
  };

  it('continues the caller traceparent: a request span under the caller span and one attempt span under it, with GenAI attributes', async () => {
    const { served } = await start();
    const { data, response } = await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question, max_tokens: 50, temperature: 0.25 }, { headers: { traceparent: callerTraceparent } }).withResponse();
    const spans = collector!.spans;
    await flushUntil(served, () => spans.some((span) => span.kind === 2));

    expect(collector!.contentTypes[0]).toContain('application/json');
    expect(collector!.headers[0]!['x-collector-token']).toBe('abc');
    const request = spans.find((span) => span.kind === 2)!;
    const attempts = spans.filter((span) => span.kind === 3);
    expect(request.traceId).toBe(callerTraceId);
    expect(request.parentSpanId).toBe(callerSpanId);
    expect(request.service).toBe('gateway-under-test');
    expect(request.name).toBe('chat gpt-4o-mini');
    expect(request.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'alpha',
      'gen_ai.request.model': 'alpha/gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0.25,
      'gen_ai.usage.input_tokens': data.usage!.prompt_tokens,
      'gen_ai.usage.output_tokens': data.usage!.completion_tokens,
      'http.response.status_code': 200,
      'http.request.method': 'POST',
      'http.route': '/v1/chat/completions',
      'switchyard.attempts': 1,
    });
    expect(request.attributes['error.type']).toBeUndefined();
    expect(request.status.code ?? 0).not.toBe(2);
    expect(response.headers.get('traceparent')).toBe(`00-${callerTraceId}-${request.spanId}-01`);

    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ traceId: callerTraceId, parentSpanId: request.spanId, name: 'chat gpt-4o-mini' });
    expect(attempts[0]!.attributes).toMatchObject({ 'gen_ai.system': 'alpha', 'gen_ai.request.model': 'gpt-4o-mini', 'switchyard.key_name': 'alpha-key', 'switchyard.outcome': 'success' });
    expect(attempts[0]!.attributes['switchyard.latency_ms']).toBeGreaterThanOrEqual(0);
    expect(BigInt(attempts[0]!.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(request.startTimeUnixNano));
    expect(BigInt(attempts[0]!.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(request.endTimeUnixNano));
    // Neither the prompt nor the key's value is exported.
    const exported = JSON.stringify(spans);
    expect(exported).not.toContain('Hello?');
    expect(exported).not.toContain('sk-alpha');
  });

  it('makes one attempt span per upstream attempt: a retried 503 gives a failed attempt and a successful one', async () => {
    const { fakes, served } = await start({ max_retries: 1 });
    fakes.alpha.script({ status: 503 });
    await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question }, { headers: { traceparent: callerTraceparent } });
    const spans = collector!.spans;
    await flushUntil(served, () => spans.some((span) => span.kind === 2));

    const request = spans.find((span) => span.kind === 2)!;
    const attempts = spans.filter((span) => span.kind === 3).sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
    expect(request.attributes['switchyard.attempts']).toBe(2);
    expect(attempts).toHaveLength(2);
    expect(attempts.every((attempt) => attempt.parentSpanId === request.spanId && attempt.traceId === callerTraceId)).toBe(true);
    expect(attempts[0]!.status.code).toBe(2);
    expect(attempts[0]!.attributes['error.type']).toBe(attempts[0]!.attributes['switchyard.outcome']);
    expect(attempts[0]!.attributes['error.type']).toEqual(expect.any(String));
    expect(attempts[1]!.attributes['switchyard.outcome']).toBe('success');
    expect(attempts[1]!.status.code ?? 0).not.toBe(2);
  });

  it('marks an upstream error on the request span: error status, error.type the gateway error code, the HTTP status', async () => {
    const { fakes, served } = await start();
    fakes.alpha.script({ status: 400 });
    const failure = (await served
      .client()
      .chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question })
      .catch((error: unknown) => error)) as { status: number; code: string };
    expect(failure.status).toBe(400);
    const spans = collector!.spans;
    await flushUntil(served, () => spans.some((span) => span.kind === 2));

    const request = spans.find((span) => span.kind === 2)!;
    expect(request.parentSpanId).toBeUndefined();
    expect(request.status.code).toBe(2);
    expect(request.attributes['error.type']).toBe(failure.code);
    expect(request.attributes['http.response.status_code']).toBe(400);
    const attempts = spans.filter((span) => span.kind === 3);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.parentSpanId).toBe(request.spanId);
    expect(attempts[0]!.status.code).toBe(2);
    expect(attempts[0]!.attributes['error.type']).toEqual(expect.any(String));
  });

  it('starts a new trace when the caller sends no traceparent or a malformed one, and returns it in the response', async () => {
    const { served } = await start();
    const response = await fetch(`${served.origin}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' },
      body: JSON.stringify({ model: 'alpha/gpt-4o-mini', ...question }),
    });
    expect(response.status).toBe(200);
    const traceparent = response.headers.get('traceparent');
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const [, traceId, spanId] = traceparent!.split('-');
    const spans = collector!.spans;
    await flushUntil(served, () => spans.some((span) => span.kind === 2));
    const request = spans.find((span) => span.kind === 2)!;
    expect(request).toMatchObject({ traceId, spanId, parentSpanId: undefined });
  });

  it('ends a streamed request span when the stream ends, with the usage of its last chunk', async () => {
    const { fakes, served } = await start();
    fakes.alpha.script({ deltas: ['One', ' two'] });
    const stream = await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question, stream: true, stream_options: { include_usage: true } }, { headers: { traceparent: callerTraceparent } });
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    const spans = collector!.spans;
    await flushUntil(served, () => spans.some((span) => span.kind === 2));
    const request = spans.find((span) => span.kind === 2)!;
    expect(request).toMatchObject({ traceId: callerTraceId, parentSpanId: callerSpanId, name: 'chat gpt-4o-mini' });
    expect(request.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': usage!.prompt_tokens, 'gen_ai.usage.output_tokens': usage!.completion_tokens });
    expect(spans.filter((span) => span.kind === 3 && span.parentSpanId === request.spanId)).toHaveLength(1);
  });

  it('names an embeddings request embeddings, with its input tokens', async () => {
    const { served } = await start();
    const embedded = await served.client().embeddings.create({ model: 'alpha/text-embedding-3-small', input: 'Hello?' });
    const spans = collector!.spans;
    await flushUntil(served, () => spans.some((span) => span.kind === 2));
    const request = spans.find((span) => span.kind === 2)!;
    expect(request.name).toBe('embeddings text-embedding-3-small');
    expect(request.attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(request.attributes['gen_ai.usage.input_tokens']).toBe(embedded.usage.prompt_tokens);
    expect(spans.filter((span) => span.kind === 3).map((span) => span.name)).toEqual(['embeddings text-embedding-3-small']);
  });

  it('keeps no new trace at sample_ratio 0, but follows a caller that sampled its trace', async () => {
    const { served } = await start(undefined, { sample_ratio: 0 });
    const unsampled = await fetch(`${served.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'alpha/gpt-4o-mini', ...question }) });
    expect(unsampled.status).toBe(200);
    expect(unsampled.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question }, { headers: { traceparent: callerTraceparent } });
    const spans = collector!.spans;
    await flushUntil(served, () => spans.some((span) => span.kind === 2));
    await served.gateway.tracing!.forceFlush();
    expect(spans.every((span) => span.traceId === callerTraceId)).toBe(true);
    expect(spans).toHaveLength(2);
  });

  it('exports each upstream attempt as a root span in library mode, and flushes on close', async () => {
    collector = await startCollector();
    const gateway = createGateway({ logger: silentLogger, config: { providers: { mock: { keys: [] } }, tracing: { enabled: true, endpoint: collector.url } } });
    await gateway.chat({ model: 'mock/echo', messages: [{ role: 'user', content: 'from the library' }] });
    await gateway.close();
    expect(collector.spans).toHaveLength(1);
    expect(collector.spans[0]).toMatchObject({ kind: 3, parentSpanId: undefined, name: 'chat echo', service: 'switchyard' });
    expect(collector.spans[0]!.attributes).toMatchObject({ 'gen_ai.system': 'mock', 'switchyard.outcome': 'success' });
  });

  it('exports nothing and adds no traceparent when tracing is off', async () => {
    collector = await startCollector();
    const endpoint = collector.url;
    const { served } = await providers.start(['alpha'], (config) => ({ config: { providers: config, tracing: { enabled: false, endpoint } } }));
    const { response } = await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question }, { headers: { traceparent: callerTraceparent } }).withResponse();
    expect(served.gateway.tracing).toBeUndefined();
    expect(response.headers.get('traceparent')).toBeNull();
    await served.close();
    expect(collector.posts).toBe(0);
  });
});

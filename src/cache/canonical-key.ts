import { createHash } from 'node:crypto';
import type { ChatRequest } from '../api/index.js';
import { isSystemMessage } from './prompt-text.js';

/** How much of the model name takes part in cache keys (`cache_by_model`, `cache_by_provider`). */
export interface CacheKeyOptions {
  /** The embedding model (`provider/model`) semantic entries are embedded with. */
  embeddingModel?: string;
  /** Keep the model: entries of different models never answer each other. */
  cacheByModel: boolean;
  /** Keep the `provider/` part of the model name too (only with `cacheByModel`). */
  cacheByProvider: boolean;
  /** Leave system messages out of the semantic partition. */
  excludeSystemPrompt: boolean;
}

/**
 * Request fields that do not determine the answer: how it is delivered (`stream`,
 * `stream_options`), who asked (`user`, `metadata`), and gateway or account settings
 * (`fallbacks`, `store`, `service_tier`). Everything else is part of the key,
 * unknown extra fields included.
 */
const ignoredFields: ReadonlySet<string> = new Set(['stream', 'stream_options', 'user', 'metadata', 'fallbacks', 'store', 'service_tier']);

/**
 * The exact-match key of a chat request: the sha256 (hex) of the canonical JSON of
 * the fields that determine the answer, with the model reduced per `options`, and
 * the caller's `x-bf-cache-key` partition value. JSON key order never matters.
 */
export function exactCacheKey(request: ChatRequest, cacheKey: string | undefined, options: CacheKeyOptions): string {
  return sha256(canonicalJson(['exact', cacheKey ?? null, answerFields(request, options)]));
}

/**
 * The semantic partition of a chat request: as the exact key, but without the
 * conversation (the non-system messages), so requests that differ only in what
 * they ask share it; system messages stay in unless `excludeSystemPrompt`.
 * Different models, tools, parameters or system prompts never share a partition.
 */
export function semanticPartition(request: ChatRequest, cacheKey: string | undefined, options: CacheKeyOptions): string {
  const fields = answerFields(request, options);
  const system = options.excludeSystemPrompt ? [] : request.messages.filter(isSystemMessage);
  if (system.length > 0) fields.messages = system;
  else delete fields.messages;
  // Vectors of different embedding models are not comparable: the model is part of the partition.
  return sha256(canonicalJson(['semantic', cacheKey ?? null, options.embeddingModel ?? null, fields]));
}

/**
 * JSON with the keys of every object sorted, so equal values always give equal
 * text. Object fields holding `undefined` are left out, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${text}]`;
  }
  let text = '{';
  let first = true;
  for (const name of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[name];
    if (field === undefined || typeof field === 'function') continue;
    text += `${first ? '' : ','}${JSON.stringify(name)}:${canonicalJson(field)}`;
    first = false;
  }
  return `${text}}`;
}

function answerFields(request: ChatRequest, options: CacheKeyOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(request)) {
    if (!ignoredFields.has(name)) fields[name] = request[name];
  }
  if (!options.cacheByModel) delete fields.model;
  else if (!options.cacheByProvider) fields.model = modelPart(request.model);
  return fields;
}

/** `gpt-4o` of `openai/gpt-4o`; a bare name as it is. */
function modelPart(model: string): string {
  const slash = typeof model === 'string' ? model.indexOf('/') : -1;
  return slash === -1 ? model : model.slice(slash + 1);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

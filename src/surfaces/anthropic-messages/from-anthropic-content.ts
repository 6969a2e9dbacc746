import type { ContentPart } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { AnthropicInboundBlock } from './wire.js';

/**
 * An Anthropic block of user content as a chat content part: text; an image
 * (base64 as a data URL, or its URL); a PDF (base64) as a file part; a plain-text
 * document as text. Other blocks have no provider-neutral form and are refused,
 * naming the block. `cache_control` is dropped: it is a caching hint with no
 * meaning elsewhere (providers that cache prompts do it on their own).
 * https://docs.claude.com/en/api/messages
 */
export function fromAnthropicContentBlock(block: AnthropicInboundBlock, at: string): ContentPart {
  switch (block.type) {
    case 'text': {
      const text = (block as { text?: unknown }).text;
      if (typeof text !== 'string') throw errors.invalidRequest(`${at}.text: Field required (a string).`, `${at}.text`);
      return { type: 'text', text };
    }
    case 'image': {
      const source = sourceOf(block, at);
      if (source.type === 'base64') return { type: 'image_url', image_url: { url: `data:${stringField(source, 'media_type', at)};base64,${stringField(source, 'data', at)}` } };
      if (source.type === 'url') return { type: 'image_url', image_url: { url: stringField(source, 'url', at) } };
      throw unsupported(`${at}.source`, `image sources of type ${JSON.stringify(source.type)}`);
    }
    case 'document': {
      const source = sourceOf(block, at);
      const title = (block as { title?: unknown }).title;
      if (source.type === 'base64') {
        const part: ContentPart = { type: 'file', file: { file_data: `data:${stringField(source, 'media_type', at)};base64,${stringField(source, 'data', at)}` } };
        if (typeof title === 'string') (part.file as { filename?: string }).filename = title;
        return part;
      }
      if (source.type === 'text') return { type: 'text', text: stringField(source, 'data', at) };
      throw unsupported(`${at}.source`, `document sources of type ${JSON.stringify(source.type)}`);
    }
    default:
      throw unsupported(at, `${JSON.stringify(block.type)} blocks`);
  }
}

/** The error for a block with no provider-neutral form. */
export function unsupported(at: string, what: string) {
  return errors.invalidRequest(`${at}: ${what} can only be sent to a model served through Anthropic's own API.`, at);
}

function sourceOf(block: AnthropicInboundBlock, at: string): { type?: unknown; [field: string]: unknown } {
  const source = (block as { source?: unknown }).source;
  if (source === null || typeof source !== 'object') throw errors.invalidRequest(`${at}.source: Field required.`, `${at}.source`);
  return source as { type?: unknown };
}

function stringField(source: Record<string, unknown>, name: string, at: string): string {
  const value = source[name];
  if (typeof value !== 'string') throw errors.invalidRequest(`${at}.source.${name}: Field required (a string).`, `${at}.source.${name}`);
  return value;
}

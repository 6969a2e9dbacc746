import type { ContentPart } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { AnthropicDocumentBlock, AnthropicImageBlock, AnthropicTextBlock } from './wire.js';

/** Who the translation is for, and where it reports what it dropped. */
export interface TranslationContext {
  provider: string;
  warnings: string[];
}

/** Pushes a warning once per request. */
export function warnOnce(context: TranslationContext, warning: string): void {
  if (!context.warnings.includes(warning)) context.warnings.push(warning);
}

/** A block Anthropic takes in a user turn or a tool result. */
export type AnthropicInputBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock;

/**
 * Converts OpenAI content parts to Anthropic blocks: text; `image_url` as a base64
 * image (data URL) or a URL image; a PDF or plain-text `file` (data URL) as a
 * document. Anything else (audio, uploaded file ids) is refused, naming the part.
 * https://docs.claude.com/en/docs/build-with-claude/vision
 */
export function toAnthropicBlocks(parts: readonly ContentPart[], at: string, context: TranslationContext): AnthropicInputBlock[] {
  const blocks: AnthropicInputBlock[] = [];
  for (let i = 0; i < parts.length; i++) blocks.push(toAnthropicBlock(parts[i], `${at}[${i}]`, context));
  return blocks;
}

/** The text of parts that may only be text (system prompts, assistant turns); a `refusal` part counts as text. */
export function textOfParts(parts: readonly ContentPart[], at: string): AnthropicTextBlock[] {
  const blocks: AnthropicTextBlock[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as { type: string; text?: unknown; refusal?: unknown };
    const text = part.type === 'text' ? part.text : part.type === 'refusal' ? part.refusal : undefined;
    if (typeof text !== 'string') throw errors.invalidRequest(`${at}[${i}]: only text parts are allowed here (got ${JSON.stringify(part.type)}).`, `${at}[${i}]`);
    if (text !== '') blocks.push({ type: 'text', text });
  }
  return blocks;
}

function toAnthropicBlock(part: ContentPart, at: string, context: TranslationContext): AnthropicInputBlock {
  const provider = context.provider;
  switch (part.type) {
    case 'text':
      return { type: 'text', text: String((part as { text: unknown }).text) };
    case 'image_url': {
      const image = (part as { image_url?: { url?: unknown; detail?: unknown } }).image_url;
      const url = image?.url;
      if (image?.detail !== undefined && image.detail !== 'auto') warnOnce(context, `image_url.detail is not supported by ${provider} and was ignored`);
      if (typeof url !== 'string') throw errors.invalidRequest(`${at}.image_url.url must be a string.`, `${at}.image_url.url`);
      if (url.startsWith('data:')) {
        const { mediaType, data } = parseDataUrl(url, at);
        return { type: 'image', source: { type: 'base64', media_type: mediaType, data } };
      }
      if (url.startsWith('https://') || url.startsWith('http://')) return { type: 'image', source: { type: 'url', url } };
      throw errors.invalidRequest(`${at}.image_url.url must be an http(s) URL or a base64 data URL.`, `${at}.image_url.url`);
    }
    case 'file': {
      const file = (part as { file?: { file_data?: unknown } }).file;
      if (typeof file?.file_data !== 'string') {
        throw errors.invalidRequest(`${at}: files are taken as base64 data URLs in file.file_data; uploaded file ids cannot be sent to ${provider}.`, `${at}.file`);
      }
      const { mediaType, data } = parseDataUrl(file.file_data, at);
      if (mediaType === 'application/pdf') return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } };
      if (mediaType === 'text/plain') return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(data, 'base64').toString('utf8') } };
      throw errors.invalidRequest(`${at}: ${provider} takes PDF and plain-text files, not ${mediaType}.`, `${at}.file`);
    }
    default:
      throw errors.invalidRequest(`${at}: content parts of type ${JSON.stringify(part.type)} cannot be sent to ${provider}.`, at);
  }
}

/** Splits `data:<media type>[;params];base64,<data>`. */
function parseDataUrl(url: string, at: string): { mediaType: string; data: string } {
  const comma = url.indexOf(',');
  const header = comma === -1 ? '' : url.slice(5, comma);
  if (!header.endsWith(';base64')) throw errors.invalidRequest(`${at}: a data URL must be base64-encoded (data:<type>;base64,...).`, at);
  const semicolon = header.indexOf(';');
  return { mediaType: header.slice(0, semicolon), data: url.slice(comma + 1) };
}

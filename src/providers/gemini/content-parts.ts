import type { ContentPart } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { GeminiPart } from './wire.js';

/** MIME types guessed from a URL's extension: Gemini's `fileData` needs one and a URL does not say it. */
const mimeTypeByExtension: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  mp4: 'video/mp4',
} satisfies Record<string, string>;

const dataUrl = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;

/**
 * Converts a message's content (a string or OpenAI content parts) into Gemini parts.
 * `param` names the content in error messages (`messages[2].content`).
 */
export function toGeminiParts(content: string | ContentPart[] | null | undefined, param: string): GeminiPart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  const parts: GeminiPart[] = [];
  for (let i = 0; i < content.length; i++) {
    const part = content[i] as ContentPart & Record<string, any>;
    if (part.type === 'text') parts.push({ text: part.text as string });
    else if (part.type === 'image_url') parts.push(toImagePart(String(part.image_url?.url ?? ''), `${param}[${i}].image_url.url`));
    else if (part.type === 'input_audio') parts.push({ inlineData: { mimeType: `audio/${part.input_audio?.format}`, data: part.input_audio?.data } });
    else if (part.type === 'file' && typeof part.file?.file_data === 'string') parts.push(toImagePart(part.file.file_data, `${param}[${i}].file.file_data`));
    else throw errors.invalidRequest(`Content parts of type '${part.type}' cannot be sent to Gemini.`, `${param}[${i}]`);
  }
  return parts;
}

/** The text of a content, text parts joined with `\n` (for tool results). */
export function textOf(content: string | ContentPart[] | null | undefined): string {
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content.flatMap((part) => (part.type === 'text' ? [(part as { text: string }).text] : [])).join('\n');
}

/** A base64 data URL becomes `inlineData`; any other URL `fileData` with a MIME type guessed from its extension. */
function toImagePart(url: string, param: string): GeminiPart {
  const match = dataUrl.exec(url);
  if (match) return { inlineData: { mimeType: match[1], data: match[2] } };
  if (!/^(https?|gs):\/\//.test(url)) throw errors.invalidRequest('An image must be an http(s) URL or a base64 data URL.', param);
  return { fileData: { mimeType: guessMimeType(url), fileUri: url } };
}

/** Guesses a URL's MIME type from its path's extension; `image/jpeg` when it has none known. */
export function guessMimeType(url: string): string {
  const path = url.split(/[?#]/, 1)[0];
  const dot = path.lastIndexOf('.');
  const extension = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
  return mimeTypeByExtension[extension] ?? 'image/jpeg';
}

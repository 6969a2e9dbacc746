import type { ContentPart } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { GeminiPart } from './wire.js';

/** Audio MIME types and the `input_audio.format` word for each. */
const audioFormats: Readonly<Record<string, string>> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mp3': 'mp3',
  'audio/mpeg': 'mp3',
  'audio/flac': 'flac',
  'audio/ogg': 'ogg',
  'audio/aac': 'aac',
} satisfies Record<string, string>;

/**
 * One part of a user turn as a chat content part: `text` as text; `inlineData` as an
 * image data URL, `input_audio`, or a `file` with the data URL (PDFs and other
 * documents); `fileData` with an image (or unknown) type as an image URL. Parts only
 * Gemini can act on (`executableCode`, a `fileData` document, ...) are refused: dropping
 * them would change what the model is asked.
 */
export function fromGeminiPart(part: GeminiPart, param: string): ContentPart {
  if (typeof part?.text === 'string') return { type: 'text', text: part.text };
  const inline = part?.inlineData;
  if (inline) {
    const mimeType = String(inline.mimeType ?? '').toLowerCase();
    if (typeof inline.data !== 'string') throw errors.invalidRequest('inlineData needs base64 data.', `${param}.inlineData.data`);
    if (mimeType.startsWith('image/')) return { type: 'image_url', image_url: { url: `data:${mimeType};base64,${inline.data}` } };
    const format = audioFormats[mimeType];
    if (format !== undefined) return { type: 'input_audio', input_audio: { data: inline.data, format } };
    return { type: 'file', file: { file_data: `data:${mimeType};base64,${inline.data}` } };
  }
  const file = part?.fileData;
  if (file) {
    const mimeType = file.mimeType?.toLowerCase();
    if (typeof file.fileUri === 'string' && (mimeType === undefined || mimeType.startsWith('image/'))) return { type: 'image_url', image_url: { url: file.fileUri } };
    throw errors.invalidRequest(`fileData of type '${mimeType}' can only be sent to a Gemini model; send the file as inlineData.`, `${param}.fileData`);
  }
  const kind = part !== null && typeof part === 'object' ? Object.keys(part).find((key) => key !== 'thought' && key !== 'thoughtSignature') : undefined;
  throw errors.invalidRequest(`Parts of kind '${kind ?? 'empty'}' can only be sent to a Gemini model.`, param);
}

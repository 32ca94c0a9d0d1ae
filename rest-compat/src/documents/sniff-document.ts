/**
 * What an uploaded file really is, judged from its bytes (the client's content type and file
 * name are not trusted): a PDF, Markdown or plain UTF-8 text. Anything else (Word files, images,
 * archives, binary data) is a 415.
 *
 * @module
 */
import { fileTypeFromBuffer } from 'file-type';
import { RestError } from '../http/rest-error.ts';

/** The kinds of document the knowledge base reads. */
export type DocumentKind = 'pdf' | 'markdown' | 'text';

/** The MIME type stored for each kind. */
export const mimeTypes: Readonly<Record<DocumentKind, string>> = {
  pdf: 'application/pdf',
  markdown: 'text/markdown',
  text: 'text/plain',
};

/**
 * The kind of the bytes, or a 415 `unsupported_media_type`.
 *
 * @example
 * ```ts
 * await sniffDocument(Buffer.from('# Leo\n\nI love naps.')); // 'markdown'
 * ```
 */
export async function sniffDocument(bytes: Uint8Array): Promise<DocumentKind> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected?.mime === 'application/pdf') return 'pdf';
  if (detected === undefined) {
    const text = decodeUtf8(bytes);
    if (text !== undefined) return looksLikeMarkdown(text) ? 'markdown' : 'text';
  }
  throw new RestError(
    415,
    'unsupported_media_type',
    'Upload a PDF, Markdown or plain-text (UTF-8) file',
    { detected: detected?.mime ?? 'binary' },
  );
}

/**
 * The text of UTF-8 bytes, or undefined when they are not text (invalid UTF-8, NUL bytes or
 * control characters other than tab, line feed and carriage return).
 *
 * @example
 * ```ts
 * decodeUtf8(new Uint8Array([0xff, 0xfe])); // undefined
 * ```
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is checked
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

function looksLikeMarkdown(text: string): boolean {
  return /^(#{1,6} \S|[-*] \S|\d+\. \S|```)/m.test(text) || /\[[^\]]+\]\([^)]+\)/.test(text);
}

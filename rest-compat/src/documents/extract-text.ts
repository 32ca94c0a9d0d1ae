/**
 * The text of a sniffed document: UTF-8 as is, PDFs through `unpdf` (Mozilla's PDF.js, run
 * in-process and offline). A PDF that cannot be read, or has no text layer (a scan), is a 400.
 *
 * @module
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { RestError, restErrors } from '../http/rest-error.ts';
import { decodeUtf8, type DocumentKind } from './sniff-document.ts';

/**
 * Extracts the text; pages of a PDF are separated by blank lines.
 *
 * @example
 * ```ts
 * const text = await extractDocumentText(bytes, 'pdf', { maxPdfPages: 200 });
 * ```
 */
export async function extractDocumentText(
  bytes: Uint8Array,
  kind: DocumentKind,
  limits: { maxPdfPages: number },
): Promise<string> {
  const text =
    kind === 'pdf' ? await pdfText(bytes, limits.maxPdfPages) : (decodeUtf8(bytes) ?? '');
  const cleaned = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .trim();
  if (cleaned === '') {
    throw restErrors.badRequest('The document has no text to read (scanned PDFs are not read)', {
      reason: 'no_text',
    });
  }
  return cleaned;
}

async function pdfText(bytes: Uint8Array, maxPages: number): Promise<string> {
  let document: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of the buffer it reads: give it a copy.
    document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch {
    throw restErrors.badRequest('The PDF could not be read', { reason: 'unreadable_document' });
  }
  try {
    if (document.numPages > maxPages) {
      throw new RestError(413, 'document_too_long', `The PDF has more than ${maxPages} pages`, {
        pages: document.numPages,
        maxPages,
      });
    }
    const { text } = await extractText(document, { mergePages: false });
    return text.join('\n\n');
  } catch (error) {
    if (error instanceof RestError) throw error;
    throw restErrors.badRequest('The PDF could not be read', { reason: 'unreadable_document' });
  } finally {
    await document.loadingTask.destroy().catch(() => undefined);
  }
}

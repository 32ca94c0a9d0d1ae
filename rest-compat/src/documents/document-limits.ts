/**
 * Limits of uploaded knowledge documents, from the environment:
 * `KNOWLEDGE_FILE_MAX_BYTES` (default 2 MiB) bounds one file; the extracted text, the number of
 * sections and PDF pages are bounded too, so one upload cannot flood the fact cards or the CPU.
 *
 * @module
 */

/** The limits in force. */
export interface DocumentLimits {
  /** Largest file, in bytes (413 above). */
  maxBytes: number;
  /** Longest extracted text, in characters (413 above). */
  maxTextLength: number;
  /** Most sections (fact cards) one document may become (413 above). */
  maxSections: number;
  /** Most PDF pages read (415-free but 413 above). */
  maxPdfPages: number;
  /** Longest section, in characters: a card is said to a child. */
  sectionLength: number;
}

const defaultMaxBytes = 2 * 1024 * 1024;

/**
 * Reads the limits.
 *
 * @example
 * ```ts
 * loadDocumentLimits({ KNOWLEDGE_FILE_MAX_BYTES: '1048576' }).maxBytes; // 1048576
 * ```
 */
export function loadDocumentLimits(
  environment: Readonly<Record<string, string | undefined>>,
): DocumentLimits {
  const raw = environment.KNOWLEDGE_FILE_MAX_BYTES?.trim();
  const parsed = raw === undefined || raw === '' ? defaultMaxBytes : Number(raw);
  if (!Number.isInteger(parsed) || parsed < 1024 || parsed > 50 * 1024 * 1024) {
    throw new Error(
      'KNOWLEDGE_FILE_MAX_BYTES must be a whole number of bytes from 1024 to 52428800',
    );
  }
  return {
    maxBytes: parsed,
    maxTextLength: 200_000,
    maxSections: 200,
    maxPdfPages: 200,
    sectionLength: 800,
  };
}

/**
 * The one file of an upload form (field `file`), as the OpenAPI router's multipart parser left it
 * on the request; a form without it, or with several files, is a 400.
 *
 * @module
 */
import type { Request } from 'express';
import { restErrors } from '../http/rest-error.ts';
import type { UploadedFile } from './document-ingest.ts';

interface MulterFile {
  fieldname: string;
  originalname: string;
  size: number;
  buffer: Buffer;
}

/**
 * The uploaded file.
 *
 * @example
 * ```ts
 * const file = uploadedFile(input.request);
 * ```
 */
export function uploadedFile(request: Request): UploadedFile {
  const files = ((request as Request & { files?: MulterFile[] }).files ?? []).filter(
    (file) => file.fieldname === 'file',
  );
  const extra = ((request as Request & { files?: MulterFile[] }).files ?? []).length - files.length;
  const [file] = files;
  if (file === undefined || files.length > 1 || extra > 0) {
    throw restErrors.badRequest('Send exactly one file, in the form field "file"');
  }
  return {
    buffer: file.buffer,
    originalName: utf8Name(file.originalname).trim() || 'document',
    size: file.size,
  };
}

/**
 * A text field of the form (trimmed, bounded), or undefined.
 *
 * @example
 * ```ts
 * formText(body.title, 200);
 * ```
 */
export function formText(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed.length > maxLength)
    throw restErrors.badRequest(`A form field is longer than ${maxLength} characters`);
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The form's tags: repeated fields or one comma-separated field, each 1–60 characters, at most 20.
 *
 * @example
 * ```ts
 * formTags('lion, sleep'); // ['lion', 'sleep']
 * ```
 */
export function formTags(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const tags = raw
    .filter((tag): tag is string => typeof tag === 'string')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  if (tags.length > 20 || tags.some((tag) => tag.length > 60))
    throw restErrors.badRequest('Send at most 20 tags of at most 60 characters');
  return tags;
}

/** Busboy may decode a UTF-8 file name as Latin-1: undo that when it is what happened. */
function utf8Name(name: string): string {
  if ([...name].some((character) => (character.codePointAt(0) ?? 0) > 0xff)) return name;
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}

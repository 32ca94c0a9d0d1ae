/**
 * The media types the spec allows (`Media.mimeType`), with their `kind`. The type of an upload is
 * sniffed from its bytes (`file-type`), never taken from the client's name or header: a `.png`
 * holding a script is not an image, and serving it as one would let a browser run it.
 *
 * @module
 */
import { fileTypeFromBuffer } from 'file-type';
import type { MediaKind } from '../persistence/media-repository.ts';

/** Allowed MIME type → kind (exactly the spec's `mimeType` enum). */
export const allowedMediaTypes: Readonly<Record<string, MediaKind>> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'audio/mpeg': 'audio',
  'audio/wav': 'audio',
  'audio/ogg': 'audio',
  'video/mp4': 'video',
  'video/webm': 'video',
  'video/quicktime': 'video',
};

/** What sniffing found. */
export type SniffResult =
  | { allowed: true; mimeType: string; extension: string; kind: MediaKind }
  | { allowed: false; detected: string | undefined };

/**
 * Sniffs the type of `bytes` and says whether it is an allowed media type.
 *
 * @example
 * ```ts
 * await sniffMedia(pngBytes); // { allowed: true, mimeType: 'image/png', extension: 'png', kind: 'image' }
 * await sniffMedia(Buffer.from('<script>')); // { allowed: false, detected: undefined }
 * ```
 */
export async function sniffMedia(bytes: Uint8Array): Promise<SniffResult> {
  const detected = await fileTypeFromBuffer(bytes);
  const kind = detected === undefined ? undefined : allowedMediaTypes[detected.mime];
  if (detected === undefined || kind === undefined) {
    return { allowed: false, detected: detected?.mime };
  }
  return { allowed: true, mimeType: detected.mime, extension: detected.ext, kind };
}

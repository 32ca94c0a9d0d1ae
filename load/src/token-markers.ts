/**
 * Tokens that name themselves. The harness's model server streams tokens like ` s3t17,`
 * (stream 3, token 17) and records when each one left it; a client that receives a delta reads
 * the markers in its text and knows exactly which tokens it carries, even when the engine merged
 * several tokens into one delta (`fromSeq`) or re-numbered them. Every token ends with a comma, a
 * word boundary, so the engine's word segmenter releases it at once instead of holding it back
 * until the next token (which would add one token interval to every measurement).
 *
 * @module
 */

const markerPattern = /s(\d+)t(\d+),/g;

/** Which token of which model stream. */
export interface TokenMarker {
  stream: number;
  token: number;
}

/**
 * The text of token `token` (0-based) of stream `stream`; tokens after the first carry a leading
 * space like real model tokens.
 *
 * @example
 * ```ts
 * markerToken(3, 0); // 's3t0,'
 * markerToken(3, 1); // ' s3t1,'
 * ```
 */
export function markerToken(stream: number, token: number): string {
  return `${token === 0 ? '' : ' '}s${stream}t${token},`;
}

/**
 * Every marker in a delta's text, in order.
 *
 * @example
 * ```ts
 * readMarkers(' s3t1, s3t2,'); // [{ stream: 3, token: 1 }, { stream: 3, token: 2 }]
 * ```
 */
export function readMarkers(text: string): TokenMarker[] {
  const markers: TokenMarker[] = [];
  for (const match of text.matchAll(markerPattern)) {
    markers.push({ stream: Number(match[1]), token: Number(match[2]) });
  }
  return markers;
}

/**
 * A compact numeric key of a marker for lookup tables (up to 1,000,000 tokens per stream).
 *
 * @example
 * ```ts
 * markerKey({ stream: 2, token: 5 }); // 2000005
 * ```
 */
export function markerKey(marker: TokenMarker): number {
  return marker.stream * 1_000_000 + marker.token;
}

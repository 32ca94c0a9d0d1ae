/**
 * Pacing helpers of the offline responder: split an answer into word-sized deltas and wait
 * between them without delaying an abort.
 *
 * @module
 */
import type { Locale } from '../protocol/events.ts';

const chineseSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Splits an answer into stream deltas that concatenate back to it exactly: one word with its
 * trailing space for word languages; for Chinese (no spaces) short word groups of at least two
 * characters, with punctuation attached to the group before it.
 *
 * @example
 * ```ts
 * splitIntoDeltas('I eat berries.', 'en'); // ['I ', 'eat ', 'berries.']
 * ```
 */
export function splitIntoDeltas(text: string, locale: Locale): string[] {
  if (locale !== 'zh') {
    const leading = /^\s*/.exec(text)?.[0] ?? '';
    const words = text.slice(leading.length).match(/\S+\s*/g) ?? [];
    if (leading.length > 0) words[0] = leading + (words[0] ?? '');
    return words;
  }
  const deltas: string[] = [];
  for (const { segment, isWordLike } of chineseSegmenter.segment(text)) {
    const last = deltas.at(-1);
    // Punctuation and spaces never start a delta; a one-character word waits for a companion.
    if (last !== undefined && (!isWordLike || [...last].length < 2)) {
      deltas[deltas.length - 1] = last + segment;
    } else {
      deltas.push(segment);
    }
  }
  return deltas;
}

/**
 * Milliseconds between deltas for a pace; 0 (no waiting) for `Infinity`, 0 or invalid paces.
 *
 * @example
 * ```ts
 * delayForPace(12); // 83.33...
 * ```
 */
export function delayForPace(wordsPerSecond: number): number {
  if (!Number.isFinite(wordsPerSecond) || wordsPerSecond <= 0) return 0;
  return 1000 / wordsPerSecond;
}

/**
 * Waits `milliseconds`, but resolves at once when `signal` aborts (the timer is cleared), so a
 * stopped reply ends within milliseconds instead of after the next word.
 *
 * @example
 * ```ts
 * await sleepUnlessAborted(80, controller.signal);
 * ```
 */
export function sleepUnlessAborted(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const finish = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, milliseconds);
    signal.addEventListener('abort', finish, { once: true });
  });
}

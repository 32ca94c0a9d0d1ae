/**
 * Cuts a stream of model deltas (which may split a word anywhere) into whole-word pieces, so
 * `transformChunk` hooks (output moderation, speech) never see half a word. Holding back only the
 * unfinished word costs at most one token of latency (a clause for CJK text).
 *
 * @module
 */

// A piece may end after whitespace or punctuation (Latin or CJK). CJK text has no spaces, so it
// is released a clause at a time: a per-character cut would hide two-character words from the
// output filter (傻 | 逼), and a clause costs only a fraction of a second of latency.
const boundary = /[\s.,!?;:)\]}"'、。，！？；：）」』…]/u;
const maxHeldCharacters = 48;

/**
 * Accumulates deltas and returns the longest prefix that ends on a word boundary.
 *
 * @example
 * ```ts
 * const segmenter = new WordSegmenter();
 * segmenter.push('Hel'); // ''
 * segmenter.push('lo the'); // 'Hello '
 * segmenter.flush(); // 'the'
 * ```
 */
export class WordSegmenter {
  #pending = '';

  /** Adds a delta; returns the text that is now complete (possibly empty). */
  push(text: string): string {
    this.#pending += text;
    let cut = -1;
    for (let index = this.#pending.length - 1; index >= 0; index -= 1) {
      if (boundary.test(this.#pending[index] ?? '')) {
        cut = index + 1;
        break;
      }
    }
    // A very long run without a boundary (a URL, a run of emoji) is released anyway.
    if (cut === -1 && this.#pending.length >= maxHeldCharacters) cut = this.#pending.length;
    if (cut <= 0) return '';
    const ready = this.#pending.slice(0, cut);
    this.#pending = this.#pending.slice(cut);
    return ready;
  }

  /** Returns whatever is held back (the stream ended). */
  flush(): string {
    const rest = this.#pending;
    this.#pending = '';
    return rest;
  }
}

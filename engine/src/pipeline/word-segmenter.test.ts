import { describe, expect, it } from 'vitest';
import { WordSegmenter } from './word-segmenter.ts';

describe('WordSegmenter', () => {
  it('releases only whole words and flushes the rest at the end', () => {
    const segmenter = new WordSegmenter();
    const pieces = ['Hel', 'lo th', 'ere, fri', 'end!'].map((delta) => segmenter.push(delta));
    expect(pieces).toEqual(['', 'Hello ', 'there, ', 'friend!']);
    expect(segmenter.flush()).toBe('');
  });

  it('keeps the unfinished word until the stream ends', () => {
    const segmenter = new WordSegmenter();
    expect(segmenter.push('I eat berr')).toBe('I eat ');
    expect(segmenter.flush()).toBe('berr');
  });

  it('releases CJK text a clause at a time, so two-character words stay whole', () => {
    const segmenter = new WordSegmenter();
    expect(segmenter.push('我喜欢吃')).toBe('');
    expect(segmenter.push('浆果，也吃')).toBe('我喜欢吃浆果，');
    expect(segmenter.flush()).toBe('也吃');
  });

  it('releases a long run without boundaries instead of holding it forever', () => {
    const segmenter = new WordSegmenter();
    const url = 'x'.repeat(60);
    expect(segmenter.push(url)).toBe(url);
  });
});

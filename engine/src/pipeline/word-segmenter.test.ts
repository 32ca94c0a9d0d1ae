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

  it('treats every CJK character as a boundary', () => {
    const segmenter = new WordSegmenter();
    expect(segmenter.push('我吃浆')).toBe('我吃浆');
  });

  it('releases a long run without boundaries instead of holding it forever', () => {
    const segmenter = new WordSegmenter();
    const url = 'x'.repeat(60);
    expect(segmenter.push(url)).toBe(url);
  });
});

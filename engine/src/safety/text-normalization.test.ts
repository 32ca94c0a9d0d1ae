import { describe, expect, it } from 'vitest';
import { compactChinese, foldText, latinWords, spellingVariants } from './text-normalization.ts';

describe('foldText', () => {
  it.each([
    ['HELLO', 'hello'],
    ['ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['café crème', 'cafe creme'],
    ['año, niño', 'año, niño'],
    ['AÑO', 'año'],
    ["don't it’s", 'dont its'],
    ['zero\u200Bwidth\u00ADsoft', 'zerowidthsoft'],
    ['сat (Cyrillic с)', 'cat (cyrillic c)'],
    ['熊', '熊'],
  ])('%j -> %j', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });
});

describe('latinWords', () => {
  it.each([
    ['you are a $h1t, i am 8!', ['you', 'are', 'a', 'shit', 'i', 'am', '8']],
    ['30,000 quills', ['30', '000', 'quills']],
    ['p0rn h3ll0 a55 @ss', ['porn', 'hello', 'ass', 'ass']],
    ['sh!t wow!!!', ['shit', 'wow']],
    ['f*ck a** **bold**', ['f*ck', 'a**', 'bold']],
    ['f.u.c.k', ['f', 'u', 'c', 'k']],
    ['我想死 hi', ['hi']],
    ['*** !!!', []],
  ])('%j -> %j', (input, expected) => {
    expect(latinWords(input)).toEqual(expected);
  });
});

describe('spellingVariants', () => {
  it.each([
    ['bear', ['bear']],
    ['fuuuuck', ['fuuuuck', 'fuck', 'fuuck']],
    ['asssss', ['asssss', 'as', 'ass']],
    ['killll', ['killll', 'kil', 'kill']],
    ['class', ['class', 'clas']],
  ])('%j -> %j', (input, expected) => {
    expect(spellingVariants(input)).toEqual(expected);
  });
});

describe('compactChinese', () => {
  it('drops spaces, punctuation and symbols and lowercases', () => {
    expect(compactChinese('你是 AI 吗？')).toBe('你是ai吗');
    expect(compactChinese('我.想-死！')).toBe('我想死');
  });
});

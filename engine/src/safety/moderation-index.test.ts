import { describe, expect, it } from 'vitest';
import { buildModerationIndex, matchChinese, matchLatinWords } from './moderation-index.ts';
import type { ModerationRule } from './moderation-rules.ts';
import { foldText, latinWords } from './text-normalization.ts';

const rule = (terms: string[]): ModerationRule => ({
  category: 'profanity',
  locale: 'en',
  severity: 'low',
  appliesTo: 'both',
  terms,
});

const words = (text: string): string[] => latinWords(foldText(text));

describe('buildModerationIndex and its matchers', () => {
  const testRule = rule(['darn', 'heck*', 'big bad wolf', '坏蛋', '', '  ']);
  const index = buildModerationIndex([testRule], ['坏蛋糕']);

  it('indexes words, stems, phrases (also written as one word) and Chinese terms', () => {
    expect([...index.words.keys()].sort()).toEqual(['bigbadwolf', 'darn']);
    expect(index.stems).toEqual([{ stem: 'heck', rule: testRule }]);
    expect(index.phrasesByFirstWord.get('big')?.[0]?.words).toEqual(['big', 'bad', 'wolf']);
    expect(index.chinese).toEqual([{ term: '坏蛋', rule: testRule }]);
  });

  it.each([
    ['darn it', 1],
    ['darnit', 0],
    ['heckin good', 1],
    ['the big bad wolf', 1],
    ['the bigbadwolf', 1],
    ['the big bad', 0],
    ['big bad wolves', 0],
    ['d a r n', 1],
    ['d*rn', 1],
    ['h**k', 1],
    ['d***', 0],
    ['x y z a b c d e f g h i j k l m n o p d a r n', 1],
  ])('%j matches %i time(s)', (text, count) => {
    expect(matchLatinWords(index, words(text))).toHaveLength(count);
  });

  it('matches Chinese substrings but not blanked-out safe phrases', () => {
    expect(matchChinese(index, '你是坏 蛋')).toEqual([testRule]);
    expect(matchChinese(index, '坏蛋糕')).toEqual([]);
    expect(matchChinese(index, 'no chinese here')).toEqual([]);
  });
});

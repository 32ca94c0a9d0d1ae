import { describe, expect, it } from 'vitest';
import { createOutputFilter } from './output-filter.ts';

const filter = createOutputFilter();

describe('createOutputFilter', () => {
  it.each([
    ['shit', '****'],
    [' shit!', ' ****!'],
    ['Fuck,', '****,'],
    ['fucking ', '******* '],
    ['\n  "bitch." ', '\n  "*****." '],
    ["'ass'", "'***'"],
    ['**bitch**', '*********'],
    ['(porn)', '(****)'],
    [' retard?', ' ******?'],
    ['mierda.', '******.'],
    ['¡Cabrón!', '¡******!'],
    ['傻逼', '**'],
    ['你这个傻逼！', '你这个**！'],
    ['shiiit', '******'],
    ['two shit words', 'two **** words'],
  ])('masks %j as %j', (word, expected) => {
    expect(filter.filterWord(word)).toBe(expected);
  });

  it.each([
    ' hunt,',
    ' kill',
    ' prey.',
    ' bite!',
    ' claws',
    ' meat',
    'class',
    ' assessment',
    ' cockatoo',
    ' Scunthorpe',
    ' therapist',
    ' grape',
    ' Hello!',
    ' skills',
    ' peacock',
    "don't",
    ' die',
    '',
    ' ',
    '\n\n',
    '...',
    ' 30,000',
    '熊',
    '我喜欢体操。',
  ])('keeps %j unchanged', (word) => {
    expect(filter.filterWord(word)).toBe(word);
  });

  it('only masks words, never violence or self-harm phrases word by word', () => {
    const words = ['I', ' want', ' to', ' kill', ' myself'];
    expect(words.map((word) => filter.filterWord(word)).join('')).toBe('I want to kill myself');
  });

  it('is cheap enough to run on every streamed word', () => {
    const words = ' Bears love to eat berries, fish and honey in the forest!'.split(/(?= )/u);
    const start = performance.now();
    for (let round = 0; round < 2000; round += 1) for (const word of words) filter.filterWord(word);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

import { describe, expect, it } from 'vitest';
import { createKeywordFilter, findKeywords } from './output-filter.ts';

describe('findKeywords', () => {
  it('finds whole words, folded, with plurals, and phrases joined by _ or -', () => {
    expect(findKeywords('Lions eat ZEBRAS and wildebeest', ['zebra', 'lion', 'gnu'])).toEqual([
      'zebra',
      'lion',
    ]);
    expect(findKeywords('two boxes', ['box'])).toEqual(['box']);
    expect(findKeywords('I love ice cream!', ['ice_cream', 'ice-cream', 'cream_ice'])).toEqual([
      'ice_cream',
      'ice-cream',
    ]);
    expect(findKeywords('Zébras and z3bras', ['zebras'])).toEqual(['zebras']);
    expect(findKeywords('zebrafish', ['zebra'])).toEqual([]);
    expect(findKeywords('anything', [])).toEqual([]);
    expect(findKeywords('anything', ['__'])).toEqual([]);
  });
});

describe('createKeywordFilter', () => {
  it('masks matching words with stars of the same length and keeps punctuation', () => {
    const filter = createKeywordFilter(['zebra', 'ice_cream']);
    expect(filter.filterWord(' zebras,')).toBe(' ******,');
    expect(filter.filterWord('**Zebra**')).toBe('*********');
    expect(filter.filterWord(' zebrafish')).toBe(' zebrafish');
    // Phrases cannot be seen one word at a time: only one-word keywords are masked.
    expect(filter.filterWord(' ice')).toBe(' ice');
    const unchanged = ' hello';
    expect(filter.filterWord(unchanged)).toBe(unchanged);
    expect(createKeywordFilter([]).filterWord(' zebra')).toBe(' zebra');
  });
});

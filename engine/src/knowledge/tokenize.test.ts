import { describe, expect, it } from 'vitest';
import { stemEnglish, stemSpanish } from './stem.ts';
import { foldText, tokenize } from './tokenize.ts';

describe('tokenize', () => {
  it('drops English stop words and stems the rest', () => {
    expect(tokenize('What do you eat?', 'en')).toEqual(['eat']);
    expect(tokenize('Where are the babies living?', 'en')).toEqual(['wher', 'baby', 'liv']);
  });

  it('fixes common child spellings', () => {
    expect(tokenize('wat do u eet', 'en')).toEqual(['eat']);
  });

  it('folds accents and stems Spanish verb forms together', () => {
    expect(foldText('¿Dónde VIVES?')).toBe('¿donde vives?');
    const forms = ['come', 'comes', 'comer', 'comida'].map((word) => tokenize(word, 'es'));
    expect(new Set(forms.flat())).toEqual(new Set(['com']));
    expect(tokenize('¿Qué comes?', 'es')).toEqual(['com']);
  });

  it('splits Chinese into characters and bigrams without stop characters', () => {
    expect(tokenize('你吃什么？', 'zh')).toEqual(['吃']);
    expect(tokenize('你几岁了？', 'zh')).toEqual(['几', '几岁', '岁']);
    expect(tokenize('我叫Leo', 'zh')).toEqual(['叫', 'leo']);
  });
});

describe('stemmers', () => {
  it('stems English plurals and verb endings', () => {
    expect(['eat', 'eats', 'eating'].map(stemEnglish)).toEqual(['eat', 'eat', 'eat']);
    expect(['live', 'lives', 'lived'].map(stemEnglish)).toEqual(['liv', 'liv', 'liv']);
    expect(stemEnglish('grass')).toBe('grass');
  });

  it('keeps short Spanish words intact', () => {
    expect(stemSpanish('oso')).toBe('oso');
    expect(stemSpanish('años')).toBe('año');
  });
});

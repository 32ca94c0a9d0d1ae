import { describe, expect, it } from 'vitest';
import {
  MODERATION_CATEGORIES,
  MODERATION_RULES,
  OUTPUT_MASKED_CATEGORIES,
} from './moderation-rules.ts';
import { foldText, latinWords } from './text-normalization.ts';

describe('MODERATION_RULES', () => {
  it('has terms for every category in every language', () => {
    for (const category of MODERATION_CATEGORIES) {
      const locales = MODERATION_RULES.filter((rule) => rule.category === category).map(
        (rule) => rule.locale,
      );
      expect(locales.sort()).toEqual(['en', 'es', 'zh']);
    }
  });

  it('rates self-harm, sexual, violence and hate high, the rest low', () => {
    const high = new Set(
      MODERATION_RULES.filter((rule) => rule.severity === 'high').map((rule) => rule.category),
    );
    expect([...high].sort()).toEqual(['hate', 'self-harm', 'sexual', 'violence-graphic']);
  });

  it('applies personal-info requests to model output only', () => {
    for (const rule of MODERATION_RULES) {
      expect(rule.appliesTo).toBe(rule.category === 'personal-info-request' ? 'output' : 'both');
    }
  });

  it('keeps terms lowercase and free of duplicates within a rule', () => {
    for (const rule of MODERATION_RULES) {
      expect(new Set(rule.terms).size).toBe(rule.terms.length);
      for (const term of rule.terms) expect(term).toBe(term.toLowerCase().trim());
    }
  });

  it('lists no ordinary animal words', () => {
    const animalWords = ['hunt', 'kill', 'prey', 'bite', 'claws', 'meat', 'sex', 'cock', 'weed'];
    const listed = new Set(
      MODERATION_RULES.flatMap((rule) =>
        rule.terms.map((term) => latinWords(foldText(term)).join(' ')),
      ),
    );
    for (const word of animalWords) expect(listed.has(word)).toBe(false);
  });

  it('masks only profanity, sexual and hateful words in output', () => {
    expect([...OUTPUT_MASKED_CATEGORIES].sort()).toEqual(['hate', 'profanity', 'sexual']);
  });
});

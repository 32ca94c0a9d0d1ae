import { describe, expect, it } from 'vitest';
import { blockedReply, crisisReply } from './crisis-reply.ts';
import { MODERATION_CATEGORIES } from './moderation-rules.ts';
import { moderateText } from './moderate-text.ts';

const locales = ['en', 'es', 'zh'] as const;

describe('crisisReply', () => {
  it.each(locales)('in %s names the animal, a trusted adult and 988', (locale) => {
    const reply = crisisReply(locale, 'Bella');
    expect(reply).toContain('Bella');
    expect(reply).toContain('988');
    expect(reply).toContain('911');
  });

  it('asks the child to talk to a parent, teacher or zookeeper now, warmly', () => {
    const reply = crisisReply('en', 'Bella');
    expect(reply).toMatch(/grown-up you trust right away/);
    expect(reply).toMatch(/parent.*teacher.*zookeeper/);
    expect(reply).toContain('Suicide & Crisis Lifeline');
    expect(reply).toContain('You are not alone');
  });

  it('mentions Spanish support in Spanish and a trusted adult in Chinese', () => {
    expect(crisisReply('es', 'Bella')).toContain('ayuda en español');
    expect(crisisReply('es', 'Bella')).toContain('adulta de confianza');
    expect(crisisReply('zh', 'Bella')).toContain('信任的大人');
  });

  it('is never flagged by the moderation it answers', () => {
    for (const locale of locales) {
      const result = moderateText(crisisReply(locale, 'Bella'), locale, { direction: 'output' });
      expect(result.categories).not.toContain('profanity');
    }
  });
});

describe('blockedReply', () => {
  const categories = MODERATION_CATEGORIES.filter((category) => category !== 'self-harm');

  it.each(locales.flatMap((locale) => categories.map((category) => [locale, category] as const)))(
    'in %s for %s is a short, kind, moderation-clean redirect',
    (locale, category) => {
      const reply = blockedReply(locale, 'Bella', category);
      expect(reply.length).toBeGreaterThan(10);
      expect(reply.length).toBeLessThan(140);
      expect(reply).not.toMatch(/bad|naughty|shame|malo|坏/i);
      expect(moderateText(reply).allowed).toBe(true);
    },
  );

  it('uses the animal name in the profanity redirect', () => {
    expect(blockedReply('en', 'Bella', 'profanity')).toBe(
      "Let's keep our chat kind! Ask me, Bella, about my favorite food instead?",
    );
    expect(blockedReply('es', 'Bella', 'profanity')).toContain('Bella');
    expect(blockedReply('zh', 'Bella', 'profanity')).toContain('Bella');
  });

  it('answers self-harm with the crisis reply, never a redirect', () => {
    for (const locale of locales) {
      expect(blockedReply(locale, 'Bella', 'self-harm')).toBe(crisisReply(locale, 'Bella'));
    }
  });
});

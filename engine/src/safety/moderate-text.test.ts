import { describe, expect, it } from 'vitest';
import { moderateText } from './moderate-text.ts';
import type { ModerationCategory } from './moderation-rules.ts';

describe('moderateText: blocked input, with evasions', () => {
  it.each<[string, ModerationCategory]>([
    ['fuck', 'profanity'],
    ['FUCK YOU', 'profanity'],
    ['this is fucking boring', 'profanity'],
    ['fuuuuuck', 'profanity'],
    ['f.u.c.k', 'profanity'],
    ['f u c k this zoo', 'profanity'],
    ['f-u-c-k', 'profanity'],
    ['f*ck', 'profanity'],
    ['you a**', 'profanity'],
    ['sh1t', 'profanity'],
    ['$hit', 'profanity'],
    ['a$$hole', 'profanity'],
    ['@ss', 'profanity'],
    ['asssss', 'profanity'],
    ['ｆｕｃｋ', 'profanity'],
    ['fu\u200Bck', 'profanity'],
    ['fuсk (with a Cyrillic с)', 'profanity'],
    ['bullshit!', 'profanity'],
    ['eres un pendejo', 'profanity'],
    ['qué mierda', 'profanity'],
    ['hijo de puta', 'profanity'],
    ['cabrón', 'profanity'],
    ['cabron', 'profanity'],
    ['你他妈的', 'profanity'],
    ['傻 逼', 'profanity'],
    ['send nudes', 'sexual'],
    ['watch porn', 'sexual'],
    ['p0rn', 'sexual'],
    ['s e x y', 'sexual'],
    ['quiero ver porno', 'sexual'],
    ['色情网站', 'sexual'],
    ["I'm going to kill you", 'violence-graphic'],
    ['i will stab my teacher', 'violence-graphic'],
    ['ill shoot everyone', 'violence-graphic'],
    ['i wanna kill my brother', 'violence-graphic'],
    ['go kill yourself', 'violence-graphic'],
    ['how to make a bomb', 'violence-graphic'],
    ['te voy a matar', 'violence-graphic'],
    ['我要杀了你', 'violence-graphic'],
    ['you are a retard', 'hate'],
    ['n1gger', 'hate'],
    ['heil hitler', 'hate'],
    ['maricón', 'hate'],
    ['黑鬼', 'hate'],
    ['I want to smoke weed', 'drugs'],
    ['where can I buy cocaine', 'drugs'],
    ['quiero marihuana', 'drugs'],
    ['我想吸毒', 'drugs'],
  ])('%j is blocked as %s', (text, category) => {
    const result = moderateText(text);
    expect(result.allowed).toBe(false);
    expect(result.categories).toContain(category);
  });
});

describe('moderateText: allowed input', () => {
  it.each([
    // Animal science.
    'How do lions kill their prey?',
    'Do you eat meat?',
    "What's your biggest enemy?",
    'Do you hunt at night?',
    'Can a cougar kill you?',
    'Do bears kill people?',
    'How hard can you bite?',
    'How sharp are your claws?',
    'What sex is the new baby?',
    'Is a cockatoo a parrot?',
    'Do killer whales eat seals?',
    'Have you ever killed a deer?',
    'Do you die if you eat plastic?',
    'The African wild donkey and the peacock',
    'Do shiitake mushrooms grow in the forest?',
    'Cuántos años tienes?',
    '¿Cómo cazan los leones a sus presas?',
    '狮子怎么捕杀猎物？',
    '老虎会杀人吗？',
    '虎鲸也叫杀人鲸吗？',
    '我想死你了！',
    '一只大麻雀',
    '我喜欢体操',
    '我妈妈的名字',
    // The Scunthorpe list.
    'class',
    'assessment',
    'cockatoo',
    'Scunthorpe',
    'therapist',
    'grape',
    'hello',
    'skills',
    'peacock',
    'I passed my class assessment',
    'Hello from Essex!',
    // Numbers and symbols that look like leetspeak.
    'I am 8 years old',
    'A porcupine has 30,000 quills',
    'It costs $5',
    'Plan A, B or C',
    'e.g. you',
  ])('%j is allowed', (text) => {
    expect(moderateText(text)).toEqual({ allowed: true, categories: [], severity: 'none' });
  });
});

describe('moderateText: self-harm is detected in every language', () => {
  it.each([
    'I want to kill myself',
    'I want to die',
    'i wanna die',
    'sometimes i want to hurt myself',
    'I dont want to live anymore',
    "I don't want to live",
    'k i l l m y s e l f',
    'killmyself',
    'kiiiill myself',
    'self-harm',
    'quiero morir',
    'me quiero morir',
    'No quiero vivir',
    'quiero hacerme daño',
    '我想死',
    '我 想 死',
    '我不想活了',
    '我想自杀',
  ])('%j', (text) => {
    expect(moderateText(text)).toEqual({
      allowed: false,
      categories: ['self-harm'],
      severity: 'high',
    });
  });
});

describe('moderateText: severity, locale and direction', () => {
  it('reports mild profanity as low and the highest severity when several match', () => {
    expect(moderateText('shit').severity).toBe('low');
    expect(moderateText('shit, send nudes')).toEqual({
      allowed: false,
      categories: ['profanity', 'sexual'],
      severity: 'high',
    });
  });

  it('checks every language whatever the locale', () => {
    expect(moderateText('mierda', 'en').allowed).toBe(false);
    expect(moderateText('fuck', 'zh').allowed).toBe(false);
    expect(moderateText('傻逼', 'es').allowed).toBe(false);
  });

  it('lets a child ask for personal details but flags the model asking for them', () => {
    expect(moderateText('Where do you live?').allowed).toBe(true);
    expect(moderateText('Where do you live?', 'en', { direction: 'output' })).toEqual({
      allowed: false,
      categories: ['personal-info-request'],
      severity: 'low',
    });
    expect(moderateText('¿Dónde vives?', 'es', { direction: 'output' }).allowed).toBe(false);
    expect(moderateText('你住在哪里？', 'zh', { direction: 'output' }).allowed).toBe(false);
  });

  it('still blocks ordinary categories in output', () => {
    expect(moderateText('that is bullshit', 'en', { direction: 'output' }).categories).toEqual([
      'profanity',
    ]);
  });

  it('handles empty and symbol-only text', () => {
    expect(moderateText('').allowed).toBe(true);
    expect(moderateText('!!! *** ???').allowed).toBe(true);
  });

  it('is fast enough to run on every message', () => {
    const message = 'How do lions kill their prey? I am 8 and I love the cougar exhibit!';
    const start = performance.now();
    for (let round = 0; round < 1000; round += 1) moderateText(message);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

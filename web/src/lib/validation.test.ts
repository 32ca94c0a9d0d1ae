import { describe, expect, it } from 'vitest';
import {
  hasErrors,
  validateAnimalConfig,
  validateFamily,
  validateLogin,
  validateUser,
} from './validation.ts';

describe('validateLogin', () => {
  it('needs a well-formed email and a password', () => {
    expect(validateLogin({ email: '', password: '' })).toEqual({
      email: { key: 'form.required' },
      password: { key: 'form.required' },
    });
    expect(validateLogin({ email: 'nope', password: 'x' })).toEqual({
      email: { key: 'form.emailInvalid' },
    });
    expect(hasErrors(validateLogin({ email: 'test@cmz.org', password: 'x' }))).toBe(false);
  });
});

describe('validateFamily', () => {
  it('needs a name, a parent and a student', () => {
    expect(validateFamily({ familyName: ' ', parentIds: [], studentIds: [] })).toEqual({
      familyName: { key: 'form.required' },
      parents: { key: 'families.needParent' },
      students: { key: 'families.needStudent' },
    });
    expect(
      hasErrors(validateFamily({ familyName: 'Smith', parentIds: ['p'], studentIds: ['s'] })),
    ).toBe(false);
  });

  it('refuses more than 8 students, someone on both sides, and a name over 100 characters', () => {
    const many = Array.from({ length: 9 }, (_, index) => `s${index}`);
    expect(
      validateFamily({ familyName: 'A', parentIds: ['p'], studentIds: many }).students,
    ).toEqual({ key: 'families.tooManyStudents', values: { max: 8 } });
    expect(
      validateFamily({ familyName: 'A', parentIds: ['p'], studentIds: ['p'] }).students,
    ).toEqual({ key: 'families.overlap' });
    expect(
      validateFamily({ familyName: 'x'.repeat(101), parentIds: ['p'], studentIds: ['s'] })
        .familyName,
    ).toEqual({ key: 'form.tooLong', values: { max: 100 } });
  });
});

describe('validateUser', () => {
  it('checks email, name and role', () => {
    expect(validateUser({ email: 'bad', displayName: '', role: 'king' })).toEqual({
      email: { key: 'form.emailInvalid' },
      displayName: { key: 'form.required' },
      role: { key: 'form.required' },
    });
    expect(
      hasErrors(
        validateUser({ email: 'new_user@cmz.org', displayName: 'New_User', role: 'parent' }),
      ),
    ).toBe(false);
  });
});

describe('validateAnimalConfig', () => {
  const good = {
    personality: 'Curious and kind',
    systemPrompt: 'You are Bella the bear.',
    voice: 'nova',
    temperature: '0.7',
    status: 'active',
  };

  it('accepts a good configuration (and no voice: the default)', () => {
    expect(validateAnimalConfig(good)).toEqual({});
    expect(validateAnimalConfig({ ...good, voice: '' })).toEqual({});
    expect(validateAnimalConfig({ ...good, temperature: 2 })).toEqual({});
  });

  it('follows the REST schema limits', () => {
    expect(
      validateAnimalConfig({
        ...good,
        personality: 'shy',
        systemPrompt: 'x'.repeat(2001),
        voice: 'robot',
        temperature: '2.5',
        status: 'gone',
      }),
    ).toEqual({
      personality: { key: 'form.tooShort', values: { min: 5 } },
      systemPrompt: { key: 'form.tooLong', values: { max: 2000 } },
      voice: { key: 'form.required' },
      temperature: { key: 'animals.temperatureRange', values: { min: 0, max: 2 } },
      status: { key: 'form.required' },
    });
    expect(validateAnimalConfig({ ...good, temperature: '' }).temperature).toBeDefined();
    expect(validateAnimalConfig({ ...good, temperature: 'warm' }).temperature).toBeDefined();
    expect(validateAnimalConfig({ ...good, personality: 'bad\u0007bell' }).personality).toEqual({
      key: 'form.invalidCharacters',
    });
  });
});

describe('validateAnimalConfig: keeper notes not stored yet', () => {
  it('allows an empty system prompt only when none is stored', () => {
    const draft = {
      personality: 'Curious and kind',
      systemPrompt: '',
      voice: '',
      temperature: '0.7',
      status: 'hidden',
    };
    expect(validateAnimalConfig(draft, { systemPromptOptional: true })).toEqual({});
    expect(validateAnimalConfig(draft).systemPrompt).toEqual({ key: 'form.required' });
  });
});

describe('fact card drafts', () => {
  it('need a title and a text, and bounded keywords', async () => {
    const { validateFactCard, splitKeywords } = await import('./validation.ts');
    expect(validateFactCard({ title: ' ', text: 'I love pumpkins', keywords: '' })).toEqual({
      title: { key: 'form.required' },
    });
    expect(validateFactCard({ title: 'Toy', text: 'x'.repeat(4001), keywords: '' })).toMatchObject({
      text: { key: 'form.tooLong' },
    });
    expect(validateFactCard({ title: 'Toy', text: 'Pumpkin', keywords: 'a,'.repeat(31) })).toEqual({
      keywords: { key: 'facts.keywordsInvalid' },
    });
    expect(validateFactCard({ title: 'Toy', text: 'Pumpkin', keywords: 'pumpkin, toy' })).toEqual(
      {},
    );
    expect(splitKeywords('pumpkin, toy,, 南瓜，玩具')).toEqual(['pumpkin', 'toy', '南瓜', '玩具']);
  });
});

describe('zoo rule drafts', () => {
  it('need a known type and a rule, and at most 20 single-word keywords', async () => {
    const { validateGuardrail } = await import('./validation.ts');
    expect(
      validateGuardrail({
        type: 'NEVER',
        rule: 'Never talk about zebras.',
        keywords: 'zebras, zebra_stripes',
      }),
    ).toEqual({});
    expect(validateGuardrail({ type: 'SOMETIMES', rule: ' ', keywords: '' })).toEqual({
      type: { key: 'form.required' },
      rule: { key: 'form.required' },
    });
    expect(
      validateGuardrail({ type: 'ALWAYS', rule: 'x'.repeat(501), keywords: '' }),
    ).toMatchObject({
      rule: { key: 'form.tooLong' },
    });
    expect(validateGuardrail({ type: 'NEVER', rule: 'Never x', keywords: 'two words' })).toEqual({
      keywords: { key: 'guardrails.keywordsInvalid', values: { max: 20 } },
    });
    expect(
      validateGuardrail({ type: 'NEVER', rule: 'Never x', keywords: 'a,'.repeat(21) }),
    ).toEqual({
      keywords: { key: 'guardrails.keywordsInvalid', values: { max: 20 } },
    });
  });
});

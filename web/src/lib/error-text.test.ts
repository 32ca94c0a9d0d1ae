import { describe, expect, it } from 'vitest';
import type { Locale } from '@cmz/engine/protocol';
import { engineErrorText } from './error-text.ts';
import { translate } from './i18n/index.ts';

const i18nFor = (locale: Locale) => ({
  locale,
  t: (key: Parameters<typeof translate>[1]) => translate(locale, key),
});

describe('engine error text', () => {
  it('translates the codes a visitor can meet in the chat', () => {
    const problem = { code: 'CMZ_ERR_TIME_LIMIT_REACHED', message: 'English from the server' };
    expect(engineErrorText(i18nFor('es'), problem)).toContain('mañana');
    expect(engineErrorText(i18nFor('zh'), problem)).toContain('明天');
    expect(engineErrorText(i18nFor('en'), problem)).toContain('tomorrow');
  });

  it("falls back to the server's English only in English, and to a generic sentence elsewhere", () => {
    const problem = { code: 'CMZ_ERR_SOMETHING_NEW', message: 'A new thing happened' };
    expect(engineErrorText(i18nFor('en'), problem)).toBe('A new thing happened');
    expect(engineErrorText(i18nFor('es'), problem)).toBe(translate('es', 'chat.errorGeneric'));
    expect(engineErrorText(i18nFor('en'), {})).toBe(translate('en', 'chat.errorGeneric'));
  });
});

import { describe, expect, it } from 'vitest';
import en from './en.json';
import es from './es.json';
import zh from './zh.json';
import { negotiateLocale, translate } from './index.ts';

const files: Record<string, Record<string, string>> = { en, es, zh };
const placeholders = (message: string) =>
  [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translation files', () => {
  it('have exactly the same keys', () => {
    const english = Object.keys(en).sort();
    for (const [name, messages] of Object.entries(files)) {
      expect(Object.keys(messages).sort(), `${name}.json`).toEqual(english);
    }
  });

  it('have no empty strings', () => {
    for (const [name, messages] of Object.entries(files)) {
      for (const [key, value] of Object.entries(messages)) {
        expect(typeof value === 'string' && value.trim().length > 0, `${name}.json ${key}`).toBe(
          true,
        );
      }
    }
  });

  it('use the same placeholders in every language', () => {
    for (const [key, message] of Object.entries(en)) {
      for (const [name, messages] of Object.entries(files)) {
        expect(placeholders(messages[key] ?? ''), `${name}.json ${key}`).toEqual(
          placeholders(message),
        );
      }
    }
  });
});

describe('translate', () => {
  it('formats ICU placeholders per call, in the locale it is given', () => {
    expect(translate('en', 'home.chatWith', { name: 'Bella' })).toBe('Chat with Bella');
    expect(translate('es', 'home.chatWith', { name: 'Bella' })).toBe('Chatear con Bella');
    expect(translate('zh', 'home.chatWith', { name: 'Bella' })).toBe('和Bella聊天');
    expect(translate('en', 'chat.aiNote', { name: 'Bella' })).toContain("the zoo's AI");
  });
});

describe('negotiateLocale', () => {
  it('prefers the cookie, then Accept-Language by quality, then English', () => {
    expect(negotiateLocale('zh', 'es')).toBe('zh');
    expect(negotiateLocale('xx', 'es-MX,es;q=0.9,en;q=0.8')).toBe('es');
    expect(negotiateLocale(undefined, 'fr-FR, en;q=0.5, zh-Hans-CN;q=0.7')).toBe('zh');
    expect(negotiateLocale(undefined, 'de')).toBe('en');
    expect(negotiateLocale(undefined, 'es;q=0')).toBe('en');
    expect(negotiateLocale(undefined, undefined)).toBe('en');
  });
});

/**
 * The web app's translations (English, Spanish, Mandarin) on top of svelte-i18n's ICU formatter.
 *
 * Every call names its locale explicitly. On the server one process renders many requests at
 * once, so a module-level "current locale" (svelte-i18n's `locale.set` + `$_`) would leak one
 * visitor's language into another's page (stack.md, SSR locale race). Components get a per-request
 * `t` from the layout's context instead (see `context.ts`).
 *
 * @module
 */
import { getMessageFormatter } from 'svelte-i18n';
import type { Locale } from '@cmz/engine/protocol';
import en from './en.json';
import es from './es.json';
import zh from './zh.json';

export type MessageKey = keyof typeof en;
export type MessageValues = Record<string, string | number>;

/** The languages the UI and the animals speak, in the order the switcher shows them. */
export const LOCALES: readonly Locale[] = ['en', 'es', 'zh'];
export const DEFAULT_LOCALE: Locale = 'en';
/** The cookie that remembers the visitor's language (read by `hooks.server.ts`). */
export const LOCALE_COOKIE = 'cmz_locale';

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, es, zh };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Formats one message in one locale (ICU syntax: `{name}`).
 *
 * @example
 * ```ts
 * translate('es', 'home.chatWith', { name: 'Bella' }); // "Chatear con Bella"
 * ```
 */
export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const message = dictionaries[locale]?.[key] ?? dictionaries.en[key] ?? key;
  if (!message.includes('{')) return message;
  return String(getMessageFormatter(message, locale).format(values ?? {}));
}

/**
 * Picks the locale for a request: a valid `cmz_locale` cookie wins, then the best match in
 * `Accept-Language` (by q-value; `es-MX` counts as `es`, `zh-Hans-CN` as `zh`), then English.
 */
export function negotiateLocale(
  cookie: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  if (isLocale(cookie)) return cookie;
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranges = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters
        .map((parameter) => parameter.trim())
        .find((parameter) => parameter.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return {
        language: tag.trim().toLowerCase().split('-')[0] ?? '',
        quality: Number.isFinite(quality) ? quality : 0,
        index,
      };
    })
    .filter((range) => range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const range of ranges) if (isLocale(range.language)) return range.language;
  return DEFAULT_LOCALE;
}

/**
 * The per-page translator, passed down through Svelte context so that every component of one
 * rendered page uses that page's locale (safe under concurrent server rendering).
 *
 * @module
 */
import { getContext, setContext } from 'svelte';
import type { Locale } from '@cmz/engine/protocol';
import { translate, type MessageKey, type MessageValues } from './index.ts';

export interface I18n {
  /** The page's locale; reactive when the getter given to {@link provideI18n} is. */
  readonly locale: Locale;
  t(key: MessageKey, values?: MessageValues): string;
}

const key = Symbol('cmz.i18n');

/** Called once by the root layout with a getter of the current page's locale. */
export function provideI18n(getLocale: () => Locale): I18n {
  const i18n: I18n = {
    get locale() {
      return getLocale();
    },
    t: (messageKey, values) => translate(getLocale(), messageKey, values),
  };
  return setContext(key, i18n);
}

export function useI18n(): I18n {
  const i18n = getContext<I18n | undefined>(key);
  if (!i18n) throw new Error('useI18n() called outside the root layout');
  return i18n;
}

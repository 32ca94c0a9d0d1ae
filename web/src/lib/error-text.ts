/**
 * The visitor-facing sentence for an engine error, in the page's language. The engine's own
 * messages are English; codes a visitor can meet in the chat have translations here, and any
 * other code falls back to the engine's message in English or a generic sentence elsewhere.
 *
 * @module
 */
import type { I18n } from './i18n/context.ts';
import type { MessageKey } from './i18n/index.ts';
import en from './i18n/en.json';

/**
 * Returns the sentence to show for `problem`.
 *
 * @example
 * ```ts
 * engineErrorText(i18n, { code: 'CMZ_ERR_TIME_LIMIT_REACHED', message: '…' });
 * ```
 */
export function engineErrorText(
  i18n: I18n,
  problem: { code?: string | undefined; message?: string | undefined },
): string {
  const key = `errors.${problem.code ?? ''}`;
  if (key in en) return i18n.t(key as MessageKey);
  if (i18n.locale === 'en' && problem.message) return problem.message;
  return i18n.t('chat.errorGeneric');
}

/**
 * How room values are written on the pages: join codes as children type them, member counts.
 *
 * @module
 */

/**
 * A join code as typed by a child: spaces and dashes removed, upper case.
 *
 * @example
 * ```ts
 * normalizeJoinCode(' k7q-x2m '); // 'K7QX2M'
 * ```
 */
export function normalizeJoinCode(typed: string): string {
  return typed.replace(/[\s-]+/g, '').toUpperCase();
}

/**
 * A member count as shown: exact, or compact ("1.2K") when the engine says it is approximate.
 *
 * @example
 * ```ts
 * formatCount(1234, true, 'en'); // '1.2K'
 * ```
 */
export function formatCount(count: number, approximate: boolean, locale: string): string {
  return approximate
    ? new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(count)
    : new Intl.NumberFormat(locale).format(count);
}

/**
 * The zoo's calendar day and minute, so a child's daily chat time starts again at the zoo's
 * midnight (not UTC's, which would be mid-afternoon in Washington).
 *
 * @module
 */

/**
 * Returns the `YYYY-MM-DD` day of `at` in `timeZone`.
 *
 * @example
 * ```ts
 * zooDay(new Date('2026-11-25T06:00:00Z'), 'America/Los_Angeles'); // '2026-11-24'
 * ```
 */
export function zooDay(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * The minute `at` falls in, counted from the epoch (time zones only shift whole hours or
 * half-hours, so minutes are the same everywhere).
 *
 * @example
 * ```ts
 * epochMinute(new Date(120_000)); // 2
 * ```
 */
export function epochMinute(at: Date): number {
  return Math.floor(at.getTime() / 60_000);
}

/**
 * The accessibility wiring of a labelled form field, shared by every form through FormField.svelte:
 * which ids describe the control (its hint, its in-place error, any form-level line) and whether it
 * is marked invalid, plus the text of the error in the page's locale. Kept apart from the component
 * so it can be tested without rendering.
 *
 * @module
 */
import type { I18n } from '../i18n/context.ts';
import type { FieldProblem } from '../validation.ts';

/** The attributes a field's control carries: spread them on the input, textarea or select. */
export interface FieldControl {
  id: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}

/** What {@link fieldControl} needs to know about a field. */
export interface FieldControlOptions {
  /** The control's id (the label's `for`). */
  id: string;
  /** The id of the hint shown above the control, when there is one. */
  hintId?: string | undefined;
  /** The id of the in-place error line. */
  errorId: string;
  /** True while the error line is shown. */
  invalid: boolean;
  /** More ids that always describe the control (e.g. the form's own error line). */
  describedBy?: string | undefined;
}

/**
 * The attributes of a field's control: `aria-describedby` lists the hint, then the error (only
 * while there is one), then `describedBy`; `aria-invalid` is "true" only while there is an error.
 * Absent attributes are `undefined`, so Svelte leaves them out of the markup.
 *
 * @example
 * ```ts
 * fieldControl({ id: 'fact-text', hintId: 'fact-text-hint', errorId: 'fact-text-error', invalid: true });
 * // { id: 'fact-text', 'aria-invalid': 'true', 'aria-describedby': 'fact-text-hint fact-text-error' }
 * ```
 */
export function fieldControl(options: FieldControlOptions): FieldControl {
  const ids = [options.hintId, options.invalid ? options.errorId : undefined, options.describedBy];
  return {
    id: options.id,
    'aria-invalid': options.invalid ? 'true' : undefined,
    'aria-describedby': ids.filter(Boolean).join(' ') || undefined,
  };
}

/**
 * The text of a field's problem: a string is shown as it is (already translated, or the server's
 * words); a {@link FieldProblem} from the local checks is translated; nothing gives ''.
 *
 * @example
 * ```ts
 * problemText({ key: 'form.required' }, i18n); // "Please fill this in."
 * problemText('That email is taken.', i18n); // "That email is taken."
 * problemText(undefined, i18n); // ""
 * ```
 */
export function problemText(
  problem: string | FieldProblem | undefined,
  i18n: Pick<I18n, 't'>,
): string {
  if (problem === undefined) return '';
  return typeof problem === 'string' ? problem : i18n.t(problem.key, problem.values);
}

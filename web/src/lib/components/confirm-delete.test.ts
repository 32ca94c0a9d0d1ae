// Server-renders ConfirmDelete and checks the markup the pages and journeys rely on: the button
// texts and names, the test ids derived from `testId`, and what wraps the question.
import { describe, expect, it } from 'vitest';
import ConfirmDelete from './ConfirmDelete.svelte';
import { renderWithI18n } from './testing/render-with-i18n.ts';

type Props = Parameters<typeof ConfirmDelete>[1];
const nothing = () => {};
const base = {
  question: 'Delete the Smith family?',
  text: 'Delete Smith',
  onask: nothing,
  oncancel: nothing,
  onconfirm: nothing,
};

const html = (props: Props) => renderWithI18n(ConfirmDelete, props);

describe('ConfirmDelete', () => {
  it('shows only the delete button until asked', () => {
    const markup = html({ ...base, open: false, testId: 'family-f1' });
    expect(markup).toBe(
      '<button type="button" class="button danger small" data-testid="delete-family-f1">Delete Smith</button>',
    );
  });

  it('gives the delete button an accessible name when one is passed', () => {
    expect(html({ ...base, open: false, label: 'Remove the rule “no lions”' })).toContain(
      'aria-label="Remove the rule “no lions”"',
    );
  });

  it('asks with "Yes, delete" and "Cancel", without a wrapper by default', () => {
    const markup = html({ ...base, open: true, testId: 'user-u1' });
    expect(markup.startsWith('<span>Delete the Smith family?</span>')).toBe(true);
    expect(markup).toContain('data-testid="confirm-delete-user-u1">Yes, delete</button>');
    expect(markup).toContain('data-testid="cancel-delete-user-u1">Cancel</button>');
    expect(markup).not.toContain('disabled');
    expect(markup).not.toContain('data-testid="delete-user-u1"');
  });

  it('disables "Yes, delete" while busy, and leaves test ids out without testId', () => {
    const markup = html({ ...base, open: true, busy: true });
    expect(markup).toMatch(/<button type="button" class="button danger small" disabled="">Yes/);
    expect(markup).not.toContain('data-testid');
  });

  it('wraps the question in an .actions span, or a group named by the question', () => {
    expect(html({ ...base, open: true, wrapper: 'actions' })).toMatch(
      /^<span class="actions"><span>Delete the Smith family\?<\/span>/,
    );
    expect(html({ ...base, open: true, wrapper: 'group' })).toMatch(
      /^<span class="actions" role="group" aria-label="Delete the Smith family\?"><span>/,
    );
  });
});

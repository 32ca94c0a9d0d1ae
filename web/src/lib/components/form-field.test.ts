// Server-renders FormField and MessageBubble (with their snippet / props) and checks the markup the
// pages and journeys rely on: label and hint, the ids the control is described by, the error line.
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { FieldControl } from './field-control.ts';
import FormField from './FormField.svelte';
import MessageBubble from './MessageBubble.svelte';
import { renderWithI18n } from './testing/render-with-i18n.ts';

/** A text input carrying the attributes FormField hands to its control. */
const input = createRawSnippet((control: () => FieldControl) => ({
  render: () => {
    const { id, 'aria-invalid': invalid, 'aria-describedby': describedBy } = control();
    const extra = `${invalid ? ` aria-invalid="${invalid}"` : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}`;
    return `<input id="${id}"${extra} />`;
  },
}));

function field(props: Omit<Parameters<typeof FormField>[1], 'children'>): string {
  return renderWithI18n(FormField, { ...props, children: input });
}

describe('FormField', () => {
  it('renders a label and the control, nothing more, while valid', () => {
    expect(field({ id: 'user-email', label: 'Email' })).toBe(
      '<div class="field"><label for="user-email">Email</label><input id="user-email" /></div>',
    );
  });

  it('shows a local problem translated, in place, and points the control at it', () => {
    const markup = field({
      id: 'login-email',
      label: 'Email',
      error: { key: 'form.required' },
      errorTestId: 'login-email-error',
    });
    expect(markup).toContain(
      '<input id="login-email" aria-invalid="true" aria-describedby="login-email-error" />',
    );
    expect(markup).toContain(
      '<p class="field-error" id="login-email-error" data-testid="login-email-error">Please fill this in.</p>',
    );
  });

  it("keeps a page's own hint and error ids, hint first", () => {
    const markup = field({
      id: 'animal-personality',
      label: 'Personality',
      hint: 'How Leo talks',
      hintId: 'personality-hint',
      error: 'Too long.',
      errorId: 'personality-error',
    });
    expect(markup).toContain('<p class="hint" id="personality-hint">How Leo talks</p>');
    expect(markup).toContain('aria-describedby="personality-hint personality-error"');
    expect(markup).toContain('<p class="field-error" id="personality-error">Too long.</p>');
  });

  it('adds form-level ids and shows no error line for an empty problem', () => {
    const markup = field({
      id: 'join-nickname',
      label: 'Nickname',
      hint: 'No real names',
      hintId: 'nickname-hint',
      describedBy: 'join-error',
      error: '',
    });
    expect(markup).toContain(
      '<input id="join-nickname" aria-describedby="nickname-hint join-error" />',
    );
    expect(markup).not.toContain('field-error');
    expect(markup).not.toContain('aria-invalid');
  });
});

function bubble(props: Parameters<typeof MessageBubble>[1]): string {
  return renderWithI18n(MessageBubble, props);
}

describe('MessageBubble', () => {
  it('is a div.bubble whose first paragraph is the text', () => {
    expect(bubble({ text: 'Hello' })).toBe('<div class="bubble"><p class="text">Hello</p></div>');
  });

  it('adds a hidden cursor and an "is answering" line while streaming', () => {
    const markup = bubble({ text: 'I eat', status: 'streaming', name: 'Bella' });
    expect(markup).toMatch(
      /^<div class="bubble"><p class="text">I eat<span class="cursor" aria-hidden="true"><\/span><\/p>/,
    );
    expect(markup).toContain('Bella is answering');
  });

  it('notes a stopped or failed reply', () => {
    expect(bubble({ text: 'I', status: 'stopped' })).toContain('>Stopped</p>');
    expect(bubble({ text: '', status: 'error' })).toMatch(
      /<p class="note">This answer did not finish.<\/p>/,
    );
  });
});

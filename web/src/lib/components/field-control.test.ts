import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/index.ts';
import { fieldControl, problemText } from './field-control.ts';

const english = {
  t: (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) =>
    translate('en', key, values),
};

describe('fieldControl', () => {
  it('leaves aria-invalid and aria-describedby out of a plain valid field', () => {
    expect(fieldControl({ id: 'user-email', errorId: 'user-email-error', invalid: false })).toEqual(
      {
        id: 'user-email',
        'aria-invalid': undefined,
        'aria-describedby': undefined,
      },
    );
  });

  it('points at the error only while there is one', () => {
    expect(fieldControl({ id: 'user-email', errorId: 'user-email-error', invalid: true })).toEqual({
      id: 'user-email',
      'aria-invalid': 'true',
      'aria-describedby': 'user-email-error',
    });
  });

  it('lists the hint first, then the error, then the form-level ids', () => {
    const base = { id: 'join-nickname', hintId: 'nickname-hint', errorId: 'nickname-error' };
    expect(fieldControl({ ...base, invalid: false })['aria-describedby']).toBe('nickname-hint');
    expect(fieldControl({ ...base, invalid: true })['aria-describedby']).toBe(
      'nickname-hint nickname-error',
    );
    expect(
      fieldControl({ ...base, invalid: true, describedBy: 'join-error' })['aria-describedby'],
    ).toBe('nickname-hint nickname-error join-error');
    expect(
      fieldControl({ ...base, invalid: false, describedBy: 'join-error' })['aria-describedby'],
    ).toBe('nickname-hint join-error');
  });
});

describe('problemText', () => {
  it('translates a local check and keeps a server sentence as it is', () => {
    expect(problemText({ key: 'form.required' }, english)).toBe('Please fill this in.');
    expect(problemText('That email is taken.', english)).toBe('That email is taken.');
  });

  it('gives an empty text when there is no problem', () => {
    expect(problemText(undefined, english)).toBe('');
    expect(problemText('', english)).toBe('');
  });
});

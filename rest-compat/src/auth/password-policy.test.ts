import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, passwordSpecialCharacters } from './password-policy.ts';

const tooShort = 'Password must be at least 8 characters long';
const noUpper = 'Password must contain at least one uppercase letter';
const noLower = 'Password must contain at least one lowercase letter';
const noDigit = 'Password must contain at least one digit';
const noSpecial = `Password must contain at least one special character (${passwordSpecialCharacters})`;
const tooLong = 'Password must be at most 72 bytes long';

describe('checkPasswordPolicy', () => {
  it.each<[string, string[]]>([
    ['Zebra#2024', []],
    ['Aa1!aaaa', []],
    ['Aa1!aaa', [tooShort]],
    ['zebra#2024', [noUpper]],
    ['ZEBRA#2024', [noLower]],
    ['Zebra#abcd', [noDigit]],
    ['Zebra12024', [noSpecial]],
    ['Zebra_2024', [noSpecial]],
    ['', [tooShort, noUpper, noLower, noDigit, noSpecial]],
    ['zebra', [tooShort, noUpper, noDigit, noSpecial]],
    [`Aa1!${'a'.repeat(68)}`, []],
    [`Aa1!${'a'.repeat(69)}`, [tooLong]],
    [`Aa1!${'é'.repeat(35)}`, [tooLong]],
  ])('%j → %j', (password, violations) => {
    const result = checkPasswordPolicy(password);
    if (violations.length === 0) expect(result).toEqual({ ok: true });
    else expect(result).toEqual({ ok: false, violations });
  });

  it('accepts every special character of the original policy', () => {
    for (const special of passwordSpecialCharacters) {
      expect(checkPasswordPolicy(`Zebra202${special}`)).toEqual({ ok: true });
    }
  });

  it('never echoes the password in a violation', () => {
    const result = checkPasswordPolicy('secretword');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.violations.join(' ')).not.toContain('secretword');
  });
});

/**
 * The original password policy (Jira PR003946-87, `impl/utils/password_policy.py`): at least 8
 * characters with an upper-case letter, a lower-case letter, a digit and a special character.
 * It applies to new passwords only (reset, change, account creation), never to logins, so an
 * older weak password still signs in.
 *
 * @module
 */

/** The special characters the original policy accepts, exactly as it listed them. */
export const passwordSpecialCharacters = '!@#$%^&*(),.?":{}|<>';

/** bcrypt ignores everything after 72 bytes; longer passwords would be silently truncated. */
export const passwordMaximumBytes = 72;

/** The outcome of {@link checkPasswordPolicy}. */
export type PasswordPolicyResult = { ok: true } | { ok: false; violations: string[] };

interface PasswordRule {
  violation: string;
  passes: (password: string) => boolean;
}

const rules: readonly PasswordRule[] = [
  { violation: 'Password must be at least 8 characters long', passes: (p) => p.length >= 8 },
  {
    // Not in the original policy: added so that bcrypt never drops the end of a password.
    violation: `Password must be at most ${passwordMaximumBytes} bytes long`,
    passes: (p) => Buffer.byteLength(p, 'utf8') <= passwordMaximumBytes,
  },
  {
    violation: 'Password must contain at least one uppercase letter',
    passes: (p) => /[A-Z]/.test(p),
  },
  {
    violation: 'Password must contain at least one lowercase letter',
    passes: (p) => /[a-z]/.test(p),
  },
  { violation: 'Password must contain at least one digit', passes: (p) => /\d/.test(p) },
  {
    violation: `Password must contain at least one special character (${passwordSpecialCharacters})`,
    passes: (p) => [...p].some((character) => passwordSpecialCharacters.includes(character)),
  },
];

/**
 * Checks a new password against the policy and lists every rule it breaks (not just the first),
 * so a form can show them all at once. The messages never echo the password.
 *
 * @example
 * ```ts
 * checkPasswordPolicy('Zebra#2024'); // { ok: true }
 * checkPasswordPolicy('zebra'); // { ok: false, violations: ['Password must be at least 8 …', …] }
 * ```
 */
export function checkPasswordPolicy(password: string): PasswordPolicyResult {
  const violations = rules.filter((rule) => !rule.passes(password)).map((rule) => rule.violation);
  return violations.length === 0 ? { ok: true } : { ok: false, violations };
}

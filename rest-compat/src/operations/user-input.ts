/**
 * Request bodies of the user operations as repository inputs: `POST /user` (UserInput) and
 * `PATCH /user/{userId}` (a full or partial User).
 *
 * @module
 */
import {
  AuthFailure,
  checkPasswordPolicy,
  normalizeRole,
  type PasswordHasher,
} from '../auth/index.ts';
import { restErrors } from '../http/rest-error.ts';
import type { NewUser, UserChanges, UserRecord } from '../persistence/user-repository.ts';

type UserType = NonNullable<UserRecord['userType']>;

/**
 * The new user for a `POST /user` body. A client `userId` is refused (400), as the old server
 * did. `displayName` defaults to the part of the email before the `@`.
 *
 * @example
 * ```ts
 * newUserFrom({ email: 'ana@example.org', role: 'member' }); // role 'visitor', displayName 'ana'
 * ```
 */
export function newUserFrom(body: Record<string, unknown>): NewUser {
  if (body.userId !== undefined) {
    throw restErrors.badRequest('Client-provided IDs are not allowed', { field: 'userId' });
  }
  const email = String(body.email ?? '');
  const given = typeof body.displayName === 'string' ? body.displayName.trim() : '';
  return {
    email,
    displayName: given === '' ? (email.split('@')[0] ?? email) : given,
    role: requireRole(body.role),
    ...(typeof body.userType === 'string' ? { userType: body.userType as UserType } : {}),
    ...(typeof body.phoneNumber === 'string' ? { phone: body.phoneNumber } : {}),
    ...(typeof body.age === 'number' ? { age: body.age } : {}),
  };
}

/**
 * The bcrypt hash of an initial password sent with `POST /user` (an extension: UserInput has no
 * password field), or undefined when none was sent. A weak password is a 400 naming the rules.
 *
 * @example
 * ```ts
 * const passwordHash = await initialPasswordHash(body.password, hasher);
 * ```
 */
export async function initialPasswordHash(
  password: unknown,
  hasher: PasswordHasher,
): Promise<string | undefined> {
  if (password === undefined || password === null) return undefined;
  if (typeof password !== 'string') throw restErrors.badRequest('password must be a string');
  const policy = checkPasswordPolicy(password);
  if (!policy.ok) throw new AuthFailure('validation_error', { violations: policy.violations });
  return hasher.hashPassword(password);
}

/**
 * The changes a `PATCH /user/{userId}` body asks for. Only admins may change `role`, `userType`
 * or the family link (403); a body repeating the current values is fine, because the old
 * frontend sends the whole user back. Family links are managed through `/family`, so an admin's
 * `familyId` is ignored. A `userId` that differs from the path is a 400.
 *
 * @example
 * ```ts
 * const changes = userChangesFrom({ displayName: 'Ana' }, current, false); // { displayName: 'Ana' }
 * ```
 */
export function userChangesFrom(
  body: Record<string, unknown>,
  current: UserRecord,
  callerIsAdmin: boolean,
): UserChanges {
  if (body.userId !== undefined && body.userId !== current.userId) {
    throw restErrors.badRequest('The userId in the body does not match the path');
  }
  const changes: UserChanges = {};
  if (typeof body.displayName === 'string') changes.displayName = body.displayName;
  if (typeof body.email === 'string') changes.email = body.email;
  if ('phoneNumber' in body) changes.phone = (body.phoneNumber as string | null) ?? null;
  if ('age' in body) changes.age = (body.age as number | null) ?? null;
  const privileged = privilegedChanges(body, current);
  if (!callerIsAdmin && privileged.length > 0) {
    throw restErrors.forbidden(`Only an admin may change ${privileged.join(', ')}`);
  }
  if (body.role !== undefined) changes.role = requireRole(body.role);
  if (typeof body.userType === 'string') changes.userType = body.userType as UserType;
  return changes;
}

/** The admin-only fields the body would change (unchanged repeats do not count). */
function privilegedChanges(body: Record<string, unknown>, current: UserRecord): string[] {
  const changed: string[] = [];
  if (body.role !== undefined && normalizeRole(body.role) !== normalizeRole(current.role)) {
    changed.push('role');
  }
  if (body.userType !== undefined && body.userType !== (current.userType ?? 'none')) {
    changed.push('userType');
  }
  if (body.familyId !== undefined && body.familyId !== (current.familyIds[0] ?? null)) {
    changed.push('familyId');
  }
  if (Array.isArray(body.familyIds) && !sameIds(body.familyIds, current.familyIds)) {
    changed.push('familyIds');
  }
  return changed;
}

function sameIds(given: unknown[], current: readonly string[]): boolean {
  const sorted = given.map(String).sort();
  return sorted.length === current.length && sorted.every((id, index) => id === current[index]);
}

function requireRole(value: unknown) {
  const role = normalizeRole(value);
  if (role === null) throw restErrors.badRequest('Unknown role', { field: 'role' });
  return role;
}

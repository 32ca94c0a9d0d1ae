import { describe, expect, it } from 'vitest';
import type { Visitor } from '@cmz/engine';
import { isRole, normalizeRole, roles, type Role } from './roles.ts';

describe('roles', () => {
  it('has exactly the six roles the engine knows', () => {
    const engineRoles: Visitor['role'][] = [...roles];
    const back: Role[] = engineRoles;
    expect(back).toEqual(['admin', 'zookeeper', 'educator', 'parent', 'student', 'visitor']);
  });

  it.each([
    ['admin', 'admin'],
    ['Zookeeper', 'zookeeper'],
    [' EDUCATOR ', 'educator'],
    ['parent', 'parent'],
    ['student', 'student'],
    ['visitor', 'visitor'],
    ['member', 'visitor'],
    ['Member', 'visitor'],
    ['user', 'visitor'],
    ['editor', 'zookeeper'],
    ['Administrator', 'admin'],
  ])('normalizes %j to %s', (value, expected) => {
    expect(normalizeRole(value)).toBe(expected);
  });

  it.each(['root', '', 'none', 'constructor', 'toString', '__proto__'])(
    'maps unknown %j to null (fail closed)',
    (value) => {
      expect(normalizeRole(value)).toBeNull();
    },
  );

  it('maps non-strings to null', () => {
    expect(normalizeRole(undefined)).toBeNull();
    expect(normalizeRole(3)).toBeNull();
    expect(normalizeRole({ role: 'admin' })).toBeNull();
  });

  it('isRole accepts only current names', () => {
    expect(isRole('parent')).toBe(true);
    expect(isRole('member')).toBe(false);
    expect(isRole(null)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { accessScope, authorize, type Authorization } from './authorize.ts';
import { roleMatrix } from './role-matrix.ts';
import { roles, type Role } from './roles.ts';

const callers = [...roles, null] as const;
const principal = (role: Role | null) => (role === null ? null : { role });

// Columns: admin, zookeeper, educator, parent, student, visitor, anonymous.
// A = allowed, F = forbidden, U = unauthenticated.
const expectations: Record<string, string> = {
  root_get: 'AAAAAAA',
  authPost: 'AAAAAAA',
  authRefreshPost: 'AAAAAAU',
  authLogoutPost: 'AAAAAAU',
  me_get: 'AAAAAAU',
  listUsers: 'AFAAFFU',
  createUser: 'AFFFFFU',
  getUser: 'AAAAAAU',
  deleteUser: 'AFFFFFU',
  convo_turn_post: 'AAAAAAA',
  convo_turn_stream_get: 'AAAAAAA',
  convo_history_get: 'AAAAAAU',
  animal_list_get: 'AAAAAAA',
  animal_get: 'AAAAAAA',
  animal_post: 'AAFFFFU',
  animal_delete: 'AAFFFFU',
  animal_details_get: 'AAAAAAA',
  animal_config_get: 'AAFFFFU',
  animal_config_patch: 'AAFFFFU',
  createGuardrail: 'AAFFFFU',
  assistant_create_post: 'AAFFFFU',
  sandbox_chat_post: 'AAFFFFU',
  knowledge_upload_post: 'AAFFFFU',
  listFamilies: 'AFAAFFU',
  createFamily: 'AFAFFFU',
  updateFamily: 'AFAFFFU',
  deleteFamily: 'AFFFFFU',
  system_health_get: 'AAAAAAA',
  chatgptHealthGet: 'AFFFFFU',
  feature_flags_get: 'AAAAAAU',
  feature_flags_patch: 'AFFFFFU',
  testStressBody: 'AFFFFFU',
  privacy_delete_user: 'AFFAFFU',
  privacy_children_get: 'AFFAFFU',
  billing_get: 'AFFFFFU',
  logs_get: 'AFFFFFU',
  safety_metrics_get: 'AFFFFFU',
};
const letter: Record<Authorization, string> = {
  allowed: 'A',
  forbidden: 'F',
  unauthenticated: 'U',
};

describe('authorize', () => {
  it.each(Object.entries(expectations))('%s → %s', (operationId, expected) => {
    const actual = callers.map((role) => letter[authorize(operationId, principal(role))]).join('');
    expect(actual).toBe(expected);
  });

  it('fails closed for an unknown operation, even for admin and anonymous callers', () => {
    expect(authorize('drop_database', { role: 'admin' })).toBe('forbidden');
    expect(authorize('drop_database', null)).toBe('forbidden');
    expect(authorize('__proto__', null)).toBe('forbidden');
    expect(accessScope('drop_database', { role: 'admin' })).toBeNull();
  });

  it('gives admin every operation', () => {
    for (const rule of roleMatrix) {
      expect(authorize(rule.operationId, { role: 'admin' }), rule.operationId).toBe('allowed');
    }
  });

  it('never lets an anonymous caller do what some signed-in role may not', () => {
    for (const rule of roleMatrix) {
      if (rule.access.anonymous === undefined) continue;
      for (const role of roles) expect(rule.access[role], rule.operationId).toBeDefined();
    }
  });

  it('reports the ownership scope a handler must enforce', () => {
    expect(accessScope('getUser', { role: 'parent' })).toBe('self-or-family');
    expect(accessScope('getUser', { role: 'student' })).toBe('self');
    expect(accessScope('getUser', { role: 'admin' })).toBe('any');
    expect(accessScope('convo_history_get', { role: 'parent' })).toBe('family-conversation');
    expect(accessScope('convo_turn_post', null)).toBe('own-conversation');
    expect(accessScope('animal_list_get', null)).toBe('public-only');
    expect(accessScope('animal_list_get', { role: 'zookeeper' })).toBe('any');
    expect(accessScope('animal_post', { role: 'visitor' })).toBeNull();
  });
});

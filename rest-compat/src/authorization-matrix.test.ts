import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleMatrix, type Caller } from './auth/role-matrix.ts';
import { roles } from './auth/roles.ts';
import { seededCredentials } from './persistence/seed.ts';
import { listOperations } from './spec/operation-inventory.ts';
import { startRestTestServer, type RestTestServer } from './testing/start-rest-test-server.ts';

let rest: RestTestServer;
const tokens = new Map<Caller, string | undefined>();
const userIds = new Map<Caller, string>();
// Operations that end the session they are called with get a fresh token each time.
const consumesToken = new Set(['authLogoutPost', 'authRefreshPost']);

function accountFor(role: string) {
  const account = seededCredentials.find((entry) => entry.role === role);
  if (account === undefined) throw new Error(`no seeded ${role}`);
  return account;
}

function pathFor(path: string, method: string, caller: Caller): string {
  // Reads and updates target the caller's own record (so "self" scopes pass); deletes target a
  // record that does not exist, so the matrix test never removes the accounts it signs in with.
  const ownId = userIds.get(caller) ?? 'nobody';
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'userId' || name === 'parentId'
      ? method === 'DELETE'
        ? 'user_missing_0'
        : ownId
      : `${name}_missing_0`,
  );
}

beforeAll(async () => {
  rest = await startRestTestServer();
  tokens.set('anonymous', undefined);
  for (const role of roles) {
    const account = accountFor(role);
    userIds.set(role, account.userId);
    tokens.set(role, await rest.signIn(account.email));
  }
}, 60_000);
afterAll(async () => {
  await rest.close();
});

describe('authorization matrix (docs/rest-roles.md) enforced on every operation', () => {
  const operations = listOperations();
  const callers: Caller[] = [...roles, 'anonymous'];

  it('covers all 100 operations', () => {
    expect(operations).toHaveLength(100);
    expect(new Set(roleMatrix.map((entry) => entry.operationId))).toEqual(
      new Set(operations.map((entry) => entry.operationId)),
    );
  });

  for (const operation of operations) {
    it(`${operation.operationId}: ${operation.method} ${operation.path}`, async () => {
      const access =
        roleMatrix.find((entry) => entry.operationId === operation.operationId)?.access ?? {};
      const outcomes: string[] = [];
      for (const caller of callers) {
        let token = tokens.get(caller);
        if (caller !== 'anonymous' && consumesToken.has(operation.operationId))
          token = await rest.signIn(accountFor(caller).email);
        const { status } = await rest.call(
          operation.method,
          pathFor(operation.path, operation.method, caller),
          token ? { token } : {},
        );
        const allowed = access[caller] !== undefined;
        const expected = allowed ? 'allowed' : caller === 'anonymous' ? 401 : 403;
        const actual = status === 401 || status === 403 ? status : 'allowed';
        outcomes.push(`${caller}: expected ${expected}, got ${status}`);
        expect(actual, outcomes.join('\n')).toBe(expected);
      }
    });
  }
});

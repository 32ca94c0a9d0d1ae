import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonResult, OperationHandlers } from '../http/operation-types.ts';
import { RestError } from '../http/rest-error.ts';
import {
  callOperation,
  principalOf,
  startOperationTestKit,
  type OperationTestKit,
} from './operation-test-kit.ts';
import { createSpecResponseCheck } from './spec-response-check.ts';
import { createAuthOperations } from './auth-operations.ts';
import { createUserOperations } from './user-operations.ts';

let kit: OperationTestKit;
let handlers: OperationHandlers;
let childId: string;
let otherChildId: string;
const check = createSpecResponseCheck();

function expectSpecValid(operationId: string, result: JsonResult) {
  expect(check({ operationId, status: result.status, body: result.body }).errors).toBeNull();
}

async function expectRestError(promise: Promise<unknown>, status: number, code?: string) {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(RestError);
  expect((error as RestError).status).toBe(status);
  if (code !== undefined) expect((error as RestError).code).toBe(code);
}

beforeAll(async () => {
  kit = await startOperationTestKit();
  handlers = {
    ...createUserOperations(kit),
    ...createAuthOperations(kit),
  };
  const { users, families } = kit.repositories;
  const child = await users.create({
    email: 'child@kit.example.org',
    displayName: 'Kid',
    role: 'student',
  });
  const other = await users.create({
    email: 'other@kit.example.org',
    displayName: 'Other kid',
    role: 'student',
  });
  childId = child.userId;
  otherChildId = other.userId;
  await families.create({
    familyName: 'Kit family',
    parentIds: [kit.users.parent.userId],
    studentIds: [childId],
  });
  await kit.repositories.conversations.appendTurn({
    sessionId: 'session-kid-1',
    userId: childId,
    animalId: 'bella',
    animalName: 'Bella',
    role: 'user',
    content: 'hello',
  });
  await kit.repositories.conversations.appendTurn({
    sessionId: 'session-kid-1',
    userId: childId,
    animalId: 'bella',
    animalName: 'Bella',
    role: 'assistant',
    content: 'hi there',
  });
});
afterAll(() => kit.close());

describe('me_get and getUser', () => {
  it('answers the caller as a spec User without the password hash', async () => {
    const result = await callOperation(handlers, 'me_get', {
      principal: principalOf(kit.users.parent),
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      userId: kit.users.parent.userId,
      role: 'parent',
      familyId: expect.stringMatching(/^family_/),
    });
    expect(JSON.stringify(result.body)).not.toContain('passwordHash');
    expect(JSON.stringify(result.body)).not.toContain('$2');
    expectSpecValid('me_get', result);
  });

  it('lets a parent read their child but not a child of another family (403)', async () => {
    const parent = principalOf(kit.users.parent);
    const own = await callOperation(handlers, 'getUser', {
      params: { userId: childId },
      principal: parent,
    });
    expect(own.body).toMatchObject({ userId: childId, displayName: 'Kid' });
    expectSpecValid('getUser', own);
    await expectRestError(
      callOperation(handlers, 'getUser', { params: { userId: otherChildId }, principal: parent }),
      403,
      'forbidden',
    );
  });

  it('lets a student read only themselves (403 for others, even unknown ids)', async () => {
    const student = principalOf(kit.users.student);
    const self = await callOperation(handlers, 'getUser', {
      params: { userId: kit.users.student.userId },
      principal: student,
    });
    expect(self.status).toBe(200);
    await expectRestError(
      callOperation(handlers, 'getUser', { params: { userId: childId }, principal: student }),
      403,
    );
    await expectRestError(
      callOperation(handlers, 'getUser', { params: { userId: 'user_nobody' }, principal: student }),
      403,
    );
  });

  it('answers 404 to an admin for an unknown user', async () => {
    await expectRestError(
      callOperation(handlers, 'getUser', {
        params: { userId: 'user_nobody' },
        principal: principalOf(kit.users.admin),
      }),
      404,
      'not_found',
    );
  });
});

describe('listUsers', () => {
  it('pages and filters for an admin, legacy role names included', async () => {
    const admin = principalOf(kit.users.admin);
    const result = await callOperation(handlers, 'listUsers', {
      query: { role: 'student', page: '1', page_size: '1' },
      principal: admin,
    });
    expect(result.body).toMatchObject({ page: 1, pageSize: 1, total: 3 });
    expectSpecValid('listUsers', result);
    const visitors = await callOperation(handlers, 'listUsers', {
      query: { role: 'member' },
      principal: admin,
    });
    expect((visitors.body as { items: { role: string }[] }).items.map((user) => user.role)).toEqual(
      ['visitor'],
    );
    const search = await callOperation(handlers, 'listUsers', {
      query: { query: 'OTHER' },
      principal: admin,
    });
    expect((search.body as { total: number }).total).toBe(1);
  });

  it('shows a parent only their family members', async () => {
    const result = await callOperation(handlers, 'listUsers', {
      principal: principalOf(kit.users.parent),
    });
    const ids = (result.body as { items: { userId: string }[] }).items.map((user) => user.userId);
    expect(ids.sort()).toEqual([childId, kit.users.parent.userId].sort());
  });
});

describe('createUser', () => {
  it('creates a user without a password and sends a set-password link', async () => {
    const admin = principalOf(kit.users.admin);
    const result = await callOperation(handlers, 'createUser', {
      body: { email: 'New.Keeper@Kit.example.org', role: 'editor', displayName: 'New keeper' },
      principal: admin,
    });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      email: 'new.keeper@kit.example.org',
      role: 'zookeeper',
      userType: 'none',
      familyId: null,
      softDelete: false,
    });
    expectSpecValid('createUser', result);
    const userId = (result.body as { userId: string }).userId;
    expect(kit.deliveries.at(-1)?.userId).toBe(userId);
    await kit.authService.resetPassword(kit.deliveries.at(-1)?.resetToken ?? '', 'Giraffe#2025');
    const login = await callOperation(handlers, 'authPost', {
      body: { email: 'new.keeper@kit.example.org', password: 'Giraffe#2025' },
    });
    expect(login.status).toBe(200);
  });

  it('accepts an initial password that passes the policy, refuses a weak one', async () => {
    const admin = principalOf(kit.users.admin);
    const created = await callOperation(handlers, 'createUser', {
      body: { email: 'pw@kit.example.org', role: 'parent', password: 'Lemur#2024x' },
      principal: admin,
    });
    expect(JSON.stringify(created.body)).not.toContain('Lemur');
    const login = await callOperation(handlers, 'authPost', {
      body: { username: 'pw@kit.example.org', password: 'Lemur#2024x' },
    });
    expect(login.status).toBe(200);
    await expectRestError(
      callOperation(handlers, 'createUser', {
        body: { email: 'weak@kit.example.org', role: 'parent', password: 'short' },
        principal: admin,
      }),
      400,
      'validation_error',
    );
  });

  it('refuses a client userId (400) and a duplicate email (409)', async () => {
    const admin = principalOf(kit.users.admin);
    await expectRestError(
      callOperation(handlers, 'createUser', {
        body: { userId: 'mine', email: 'x@kit.example.org', role: 'visitor' },
        principal: admin,
      }),
      400,
    );
    await expectRestError(
      callOperation(handlers, 'createUser', {
        body: { email: 'PARENT@kit.example.org', role: 'visitor' },
        principal: admin,
      }),
      409,
      'conflict',
    );
  });
});

describe('updateUser', () => {
  it('lets users edit their own profile, repeating unchanged admin-only fields', async () => {
    const student = principalOf(kit.users.student);
    const result = await callOperation(handlers, 'updateUser', {
      params: { userId: kit.users.student.userId },
      body: {
        displayName: 'Renamed',
        role: 'student',
        userType: 'none',
        familyId: null,
        age: 10,
        phoneNumber: '+15555550100',
      },
      principal: student,
    });
    expect(result.body).toMatchObject({
      displayName: 'Renamed',
      age: 10,
      phoneNumber: '+15555550100',
    });
    expectSpecValid('updateUser', result);
  });

  it('refuses role, userType and family changes by non-admins (403)', async () => {
    const student = principalOf(kit.users.student);
    const params = { userId: kit.users.student.userId };
    await expectRestError(
      callOperation(handlers, 'updateUser', {
        params,
        body: { role: 'admin' },
        principal: student,
      }),
      403,
    );
    await expectRestError(
      callOperation(handlers, 'updateUser', {
        params,
        body: { userType: 'parent' },
        principal: student,
      }),
      403,
    );
    await expectRestError(
      callOperation(handlers, 'updateUser', {
        params,
        body: { familyId: 'family_x' },
        principal: student,
      }),
      403,
    );
  });

  it('refuses editing someone else (403) and lets an admin change a role', async () => {
    await expectRestError(
      callOperation(handlers, 'updateUser', {
        params: { userId: childId },
        body: { displayName: 'x' },
        principal: principalOf(kit.users.parent),
      }),
      403,
    );
    const result = await callOperation(handlers, 'updateUser', {
      params: { userId: otherChildId },
      body: { role: 'visitor', userType: 'student' },
      principal: principalOf(kit.users.admin),
    });
    expect(result.body).toMatchObject({ role: 'visitor', userType: 'student' });
  });
});

describe('deleteUser', () => {
  it('soft-deletes (204), then answers 404', async () => {
    const admin = principalOf(kit.users.admin);
    const created = await kit.repositories.users.create({
      email: 'gone@kit.example.org',
      displayName: 'Gone',
      role: 'visitor',
    });
    const result = await callOperation(handlers, 'deleteUser', {
      params: { userId: created.userId },
      principal: admin,
    });
    expect(result).toEqual({ status: 204 });
    expect(
      (await kit.repositories.users.get(created.userId, { includeDeleted: true }))?.softDelete,
    ).toBe(true);
    await expectRestError(
      callOperation(handlers, 'deleteUser', {
        params: { userId: created.userId },
        principal: admin,
      }),
      404,
    );
  });
});

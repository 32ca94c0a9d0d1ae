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
import { createUserOperations } from './user-operations.ts';

let kit: OperationTestKit;
let handlers: OperationHandlers;
let childId: string;
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
  handlers = createUserOperations(kit);
  const { users, families } = kit.repositories;
  const child = await users.create({
    email: 'child@kit.example.org',
    displayName: 'Kid',
    role: 'student',
  });
  // A student outside the parent's family, who must not show up in the parent's lists.
  await users.create({
    email: 'other@kit.example.org',
    displayName: 'Other kid',
    role: 'student',
  });
  childId = child.userId;
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

describe('user details', () => {
  it('adds usage computed from the sessions', async () => {
    const result = await callOperation(handlers, 'getUserDetails', {
      params: { userId: childId },
      principal: principalOf(kit.users.parent),
    });
    expect(result.body).toMatchObject({
      userId: childId,
      userDetailsId: `details-${childId}`,
      usage: { userId: childId, totalSessions: 1, totalTurns: 2, lastActive: expect.any(String) },
    });
    expectSpecValid('getUserDetails', result);
  });

  it('lists details in scope and answers create/update with the current details', async () => {
    const list = await callOperation(handlers, 'listUserDetails', {
      principal: principalOf(kit.users.parent),
    });
    expect((list.body as unknown[]).length).toBe(2);
    expectSpecValid('listUserDetails', list);
    const admin = principalOf(kit.users.admin);
    const created = await callOperation(handlers, 'createUserDetails', {
      body: { userId: childId },
      principal: admin,
    });
    expect(created.status).toBe(201);
    expectSpecValid('createUserDetails', created);
    await expectRestError(
      callOperation(handlers, 'createUserDetails', {
        body: { userId: 'user_nobody' },
        principal: admin,
      }),
      404,
    );
    const updated = await callOperation(handlers, 'updateUserDetails', {
      params: { userId: kit.users.visitor.userId },
      body: { userId: kit.users.visitor.userId },
      principal: principalOf(kit.users.visitor),
    });
    expect(updated.body).toMatchObject({ usage: { totalSessions: 0, totalTurns: 0 } });
    await expectRestError(
      callOperation(handlers, 'getUserDetails', {
        params: { userId: childId },
        principal: principalOf(kit.users.visitor),
      }),
      403,
    );
  });
});

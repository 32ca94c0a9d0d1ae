import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonResult, OperationHandlers } from '../http/operation-types.ts';
import { RestError } from '../http/rest-error.ts';
import { createFamilyOperations } from './family-operations.ts';
import {
  callOperation,
  principalOf,
  startOperationTestKit,
  type OperationTestKit,
} from './operation-test-kit.ts';
import { createSpecResponseCheck } from './spec-response-check.ts';

let kit: OperationTestKit;
let handlers: OperationHandlers;
let childId: string;
let secondChildId: string;
const check = createSpecResponseCheck();

function expectSpecValid(operationId: string, result: JsonResult) {
  expect(check({ operationId, status: result.status, body: result.body }).errors).toBeNull();
}

async function expectRestError(promise: Promise<unknown>, status: number) {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(RestError);
  expect((error as RestError).status).toBe(status);
  return error as RestError;
}

beforeAll(async () => {
  kit = await startOperationTestKit();
  handlers = createFamilyOperations(kit);
  const { users } = kit.repositories;
  childId = (
    await users.create({ email: 'kid1@kit.example.org', displayName: 'Kid one', role: 'student' })
  ).userId;
  secondChildId = (
    await users.create({ email: 'kid2@kit.example.org', displayName: 'Kid two', role: 'student' })
  ).userId;
});
afterAll(() => kit.close());

describe('family operations', () => {
  let familyId: string;

  it('creates a family with populated members (201)', async () => {
    const result = await callOperation(handlers, 'createFamily', {
      body: {
        familyName: 'Ng',
        parentIds: [kit.users.parent.userId],
        studentIds: [childId],
        address: { city: 'Issaquah', state: 'WA' },
      },
      principal: principalOf(kit.users.educator),
    });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      familyName: 'Ng',
      parentIds: [kit.users.parent.userId],
      studentIds: [childId],
      parents: [{ userId: kit.users.parent.userId, role: 'parent' }],
      students: [{ userId: childId, displayName: 'Kid one' }],
      canEdit: true,
      canView: true,
      status: 'active',
    });
    expect(JSON.stringify(result.body)).not.toContain('passwordHash');
    expectSpecValid('createFamily', result);
    familyId = (result.body as { familyId: string }).familyId;
    expect((await kit.repositories.users.get(childId))?.familyIds).toEqual([familyId]);
  });

  it("accepts the old server's parents/students keys, ids or user objects", async () => {
    const result = await callOperation(handlers, 'createFamily', {
      body: {
        familyName: 'Old shape',
        parentIds: undefined,
        parents: [{ userId: kit.users.visitor.userId }],
        students: [secondChildId],
      },
      principal: principalOf(kit.users.admin),
    });
    expect(result.body).toMatchObject({
      parentIds: [kit.users.visitor.userId],
      studentIds: [secondChildId],
    });
  });

  it('refuses unknown members naming them, and overlapping members (400)', async () => {
    const admin = principalOf(kit.users.admin);
    const error = await expectRestError(
      callOperation(handlers, 'createFamily', {
        body: { familyName: 'X', parentIds: ['user_ghost'], studentIds: [childId, 'user_phantom'] },
        principal: admin,
      }),
      400,
    );
    expect(error.details.missingIds).toEqual(['user_ghost', 'user_phantom']);
    expect(error.message).toContain('user_ghost');
    await expectRestError(
      callOperation(handlers, 'createFamily', {
        body: { familyName: 'X', parentIds: [childId], studentIds: [childId] },
        principal: admin,
      }),
      400,
    );
  });

  it('lists every family for staff, only their own for a parent', async () => {
    const all = await callOperation(handlers, 'listAllFamilies', {
      principal: principalOf(kit.users.educator),
    });
    expect((all.body as unknown[]).length).toBe(2);
    expectSpecValid('listAllFamilies', all);
    const own = await callOperation(handlers, 'listFamilies', {
      principal: principalOf(kit.users.parent),
    });
    expect(own.body).toEqual([
      expect.objectContaining({ familyId, canEdit: false, canView: true }),
    ]);
    expectSpecValid('listFamilies', own);
  });

  it('answers 404 to a parent for another family, and for a missing one', async () => {
    const parent = principalOf(kit.users.parent);
    const ownFamily = await callOperation(handlers, 'getFamily', {
      params: { familyId },
      principal: parent,
    });
    expectSpecValid('getFamily', ownFamily);
    const other = (await kit.repositories.families.list()).find(
      (family) => family.familyId !== familyId,
    );
    await expectRestError(
      callOperation(handlers, 'getFamily', {
        params: { familyId: other?.familyId ?? '' },
        principal: parent,
      }),
      404,
    );
    await expectRestError(
      callOperation(handlers, 'getFamily', {
        params: { familyId: 'family_none' },
        principal: principalOf(kit.users.admin),
      }),
      404,
    );
  });

  it('updates partially, members by either key (the *Ids win)', async () => {
    const result = await callOperation(handlers, 'updateFamily', {
      params: { familyId },
      body: {
        familyId: 'ignored',
        familyName: 'Ng-Lee',
        students: [childId],
        studentIds: [childId, secondChildId],
      },
      principal: principalOf(kit.users.educator),
    });
    expect(result.body).toMatchObject({
      familyId,
      familyName: 'Ng-Lee',
      studentIds: [childId, secondChildId].sort(),
      address: { city: 'Issaquah' },
    });
    expectSpecValid('updateFamily', result);
    await expectRestError(
      callOperation(handlers, 'updateFamily', {
        params: { familyId },
        body: { studentIds: ['user_ghost'] },
        principal: principalOf(kit.users.admin),
      }),
      400,
    );
    await expectRestError(
      callOperation(handlers, 'updateFamily', {
        params: { familyId: 'family_none' },
        body: { familyName: 'x' },
        principal: principalOf(kit.users.admin),
      }),
      404,
    );
  });

  it('deletes (204), unlinks members, then answers 404', async () => {
    const admin = principalOf(kit.users.admin);
    expect(
      await callOperation(handlers, 'deleteFamily', { params: { familyId }, principal: admin }),
    ).toEqual({ status: 204 });
    expect((await kit.repositories.users.get(childId))?.familyIds).toEqual([]);
    await expectRestError(
      callOperation(handlers, 'deleteFamily', { params: { familyId }, principal: admin }),
      404,
    );
    await expectRestError(
      callOperation(handlers, 'getFamily', { params: { familyId }, principal: admin }),
      404,
    );
    const own = await callOperation(handlers, 'listFamilies', {
      principal: principalOf(kit.users.parent),
    });
    expect(own.body).toEqual([]);
  });
});

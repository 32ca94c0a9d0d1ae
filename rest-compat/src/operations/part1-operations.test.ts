import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations } from '../spec/operation-inventory.ts';
import { startOperationTestKit, type OperationTestKit } from './operation-test-kit.ts';
import { createPart1Operations } from './part1-operations.ts';

let kit: OperationTestKit;

beforeAll(async () => {
  kit = await startOperationTestKit();
});
afterAll(() => kit.close());

const part1 = [
  'authPost',
  'authRefreshPost',
  'authLogoutPost',
  'authResetPasswordPost',
  'me_get',
  'listUsers',
  'createUser',
  'getUser',
  'updateUser',
  'deleteUser',
  'listUserDetails',
  'createUserDetails',
  'getUserDetails',
  'updateUserDetails',
  'deleteUserDetails',
  'listFamilies',
  'listAllFamilies',
  'createFamily',
  'getFamily',
  'updateFamily',
  'deleteFamily',
  'animal_list_get',
  'animal_post',
  'animal_get',
  'animal_put',
  'animal_delete',
  'animal_details_get',
  'animal_config_get',
  'animal_config_patch',
  'feature_flags_get',
  'feature_flags_patch',
  'testStressBody',
];

describe('createPart1Operations', () => {
  it('has exactly the part-1 handlers, each an operation of the spec', () => {
    const handlers = createPart1Operations({
      ...kit,
      onAnimalChanged: async () => undefined,
    });
    expect(Object.keys(handlers).sort()).toEqual([...part1].sort());
    const specIds = new Set(listOperations().map((operation) => operation.operationId));
    expect(part1.filter((operationId) => !specIds.has(operationId))).toEqual([]);
  });
});

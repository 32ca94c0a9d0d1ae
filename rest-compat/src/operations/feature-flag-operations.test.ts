import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationHandlers } from '../http/operation-types.ts';
import { RestError } from '../http/rest-error.ts';
import { createFeatureFlagOperations } from './feature-flag-operations.ts';
import {
  callOperation,
  principalOf,
  startOperationTestKit,
  type OperationTestKit,
} from './operation-test-kit.ts';
import { createSpecResponseCheck } from './spec-response-check.ts';
import { createTestOperations } from './test-operations.ts';

let kit: OperationTestKit;
let handlers: OperationHandlers;
const check = createSpecResponseCheck();

beforeAll(async () => {
  kit = await startOperationTestKit();
  handlers = { ...createFeatureFlagOperations(kit), ...createTestOperations() };
});
afterAll(() => kit.close());

describe('feature flags', () => {
  it('starts empty, patches and reads back the FeatureFlagsDocument', async () => {
    const empty = await callOperation(handlers, 'feature_flags_get', {
      principal: principalOf(kit.users.student),
    });
    expect(empty.body).toEqual({ flags: {}, softDelete: false });
    const patched = await callOperation(handlers, 'feature_flags_patch', {
      body: { flags: { voice: { enabled: true, rollout: 0.5 }, quiz: { enabled: true } } },
      principal: principalOf(kit.users.admin),
    });
    expect(patched.body).toMatchObject({
      flags: { voice: { enabled: true, rollout: 0.5 }, quiz: { enabled: true, rollout: 1 } },
      modified: { at: expect.any(String), by: { actorId: kit.users.admin.userId } },
    });
    expect(
      check({ operationId: 'feature_flags_patch', status: 200, body: patched.body }).errors,
    ).toBeNull();
    const read = await callOperation(handlers, 'feature_flags_get', {
      principal: principalOf(kit.users.visitor),
    });
    expect(
      check({ operationId: 'feature_flags_get', status: 200, body: read.body }).errors,
    ).toBeNull();
    expect((read.body as { flags: object }).flags).toEqual(
      (patched.body as { flags: object }).flags,
    );
  });

  it('answers 400 for a rollout outside 0 to 1', async () => {
    const failure = await callOperation(handlers, 'feature_flags_patch', {
      body: { flags: { bad: { rollout: 2 } } },
      principal: principalOf(kit.users.admin),
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RestError);
    expect((failure as RestError).status).toBe(400);
  });
});

describe('testStressBody', () => {
  it('answers 201 with sizes only, never the content', async () => {
    const data = 'ß'.repeat(1000);
    const result = await callOperation(handlers, 'testStressBody', {
      body: { data },
      principal: principalOf(kit.users.admin),
    });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ id: expect.any(String), characters: 1000, bytes: 2000 });
    expect(JSON.stringify(result.body)).not.toContain('ß');
    expect(
      check({ operationId: 'testStressBody', status: 201, body: result.body }).errors,
    ).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonResult, OperationHandlers } from '../http/operation-types.ts';
import { toErrorResponse } from '../http/error-handler.ts';
import { createAuthOperations } from './auth-operations.ts';
import {
  callOperation,
  fakeRequest,
  kitPassword,
  startOperationTestKit,
  type OperationTestKit,
} from './operation-test-kit.ts';
import { createSpecResponseCheck } from './spec-response-check.ts';

let kit: OperationTestKit;
let handlers: OperationHandlers;
const check = createSpecResponseCheck();

function expectSpecValid(operationId: string, result: JsonResult) {
  expect(check({ operationId, status: result.status, body: result.body }).errors).toBeNull();
}

async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  // Token failures are engine errors, sign-in failures RestErrors: compare the HTTP answer.
  return error === undefined ? undefined : toErrorResponse(error).status;
}

async function signIn(email: string): Promise<string> {
  const result = await callOperation(handlers, 'authPost', {
    body: { email, password: kitPassword },
  });
  return (result.body as { token: string }).token;
}

beforeAll(async () => {
  kit = await startOperationTestKit();
  handlers = createAuthOperations(kit);
});
afterAll(() => kit.close());

describe('authPost', () => {
  it('signs in by email or username and answers the AuthResponse', async () => {
    const result = await callOperation(handlers, 'authPost', {
      body: { email: 'PARENT@kit.example.org', password: kitPassword },
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      token: expect.any(String),
      expiresIn: 86_400,
      user: {
        userId: kit.users.parent.userId,
        email: 'parent@kit.example.org',
        role: 'parent',
        displayName: 'Kit parent',
        name: 'Kit parent',
      },
    });
    expect(JSON.stringify(result.body)).not.toContain(kitPassword);
    expectSpecValid('authPost', result);
    const byUsername = await callOperation(handlers, 'authPost', {
      body: { username: 'student@kit.example.org', password: kitPassword },
    });
    expect((byUsername.body as { user: { role: string } }).user.role).toBe('student');
  });

  it('answers 401 invalid_credentials for a wrong password or unknown account', async () => {
    expect(
      await statusOf(
        callOperation(handlers, 'authPost', {
          body: { email: 'parent@kit.example.org', password: 'nope' },
        }),
      ),
    ).toBe(401);
    expect(
      await statusOf(
        callOperation(handlers, 'authPost', {
          body: { email: 'ghost@kit.example.org', password: kitPassword },
        }),
      ),
    ).toBe(401);
  });
});

describe('authRefreshPost and authLogoutPost', () => {
  it('renews the presented token, which then stops working', async () => {
    const token = await signIn('admin@kit.example.org');
    const result = await callOperation(handlers, 'authRefreshPost', {
      request: fakeRequest({ authorization: `Bearer ${token}` }),
    });
    expect((result.body as { user: { role: string } }).user.role).toBe('admin');
    expectSpecValid('authRefreshPost', result);
    expect(
      await statusOf(
        callOperation(handlers, 'authRefreshPost', {
          request: fakeRequest({ authorization: `Bearer ${token}` }),
        }),
      ),
    ).toBe(401);
  });

  it('logs out (204); the token is then refused', async () => {
    const token = await signIn('visitor@kit.example.org');
    const request = fakeRequest({ authorization: `Bearer ${token}` });
    expect(await callOperation(handlers, 'authLogoutPost', { request })).toEqual({ status: 204 });
    expect(await statusOf(callOperation(handlers, 'authLogoutPost', { request }))).toBe(401);
  });

  it('answers 401 without a bearer token', async () => {
    expect(await statusOf(callOperation(handlers, 'authRefreshPost'))).toBe(401);
    expect(await statusOf(callOperation(handlers, 'authLogoutPost'))).toBe(401);
  });
});

describe('authResetPasswordPost', () => {
  it('answers 204 whether or not the account exists, delivering only for real ones', async () => {
    const before = kit.deliveries.length;
    expect(
      await callOperation(handlers, 'authResetPasswordPost', {
        body: { email: 'ghost@kit.example.org' },
      }),
    ).toEqual({ status: 204 });
    expect(kit.deliveries.length).toBe(before);
    expect(
      await callOperation(handlers, 'authResetPasswordPost', {
        body: { email: 'educator@kit.example.org' },
      }),
    ).toEqual({ status: 204 });
    expect(kit.deliveries.at(-1)?.userId).toBe(kit.users.educator.userId);
  });

  it('completes a reset with resetToken and newPassword (extension)', async () => {
    await callOperation(handlers, 'authResetPasswordPost', {
      body: { email: 'zookeeper@kit.example.org' },
    });
    const resetToken = kit.deliveries.at(-1)?.resetToken ?? '';
    const body = { email: 'zookeeper@kit.example.org', resetToken, newPassword: 'Otter#2025x' };
    expect(await callOperation(handlers, 'authResetPasswordPost', { body })).toEqual({
      status: 204,
    });
    const login = await callOperation(handlers, 'authPost', {
      body: { email: 'zookeeper@kit.example.org', password: 'Otter#2025x' },
    });
    expect(login.status).toBe(200);
    expect(await statusOf(callOperation(handlers, 'authResetPasswordPost', { body }))).toBe(400);
  });
});

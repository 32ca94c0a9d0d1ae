/**
 * Test wiring for the part-1 handlers: an embedded DynamoDB with every table, the real
 * repositories, the real auth service over the DynamoDB-backed auth stores (so an account made
 * through `POST /user` can sign in), one user per role, and helpers to call a handler the way
 * the route layer does. Used only by the co-located tests.
 *
 * @module
 */
import type { Request } from 'express';
import type { RateLimiter } from '@cmz/engine';
import {
  createAuthService,
  createPasswordHasher,
  createTokenService,
  type AuthService,
  type PasswordHasher,
  type Role,
} from '../auth/index.ts';
import { createAuthStores } from '../composition/auth-stores.ts';
import type {
  JsonResult,
  OperationHandlers,
  OperationInput,
  RestPrincipal,
} from '../http/operation-types.ts';
import { createRepositories, type Repositories } from '../persistence/repositories.ts';
import { startTestStore, type TestStore } from '../persistence/test-store.ts';
import type { UserRecord } from '../persistence/user-repository.ts';

/** The password of every kit user; it passes the password policy. */
export const kitPassword = 'Zebra#2024x';

/** A running kit. */
export interface OperationTestKit {
  store: TestStore;
  repositories: Repositories;
  authService: AuthService;
  hasher: PasswordHasher;
  /** Reset tokens handed to the delivery, newest last. */
  deliveries: { userId: string; resetToken: string }[];
  /** One signed-up user per role. */
  users: Record<Role, UserRecord>;
  close(): Promise<void>;
}

const unlimited: RateLimiter = {
  consume: async () => ({ allowed: true, remaining: 1, retryAfterMs: 0 }),
  close: async () => undefined,
};

const silentLogger = { info: () => undefined, warn: () => undefined };

/**
 * Starts a kit; call `close` in `afterAll`.
 *
 * @example
 * ```ts
 * const kit = await startOperationTestKit();
 * afterAll(() => kit.close());
 * ```
 */
export async function startOperationTestKit(): Promise<OperationTestKit> {
  const store = await startTestStore();
  const repositories = createRepositories({
    document: store.document,
    tableNames: store.tableNames,
  });
  const hasher = createPasswordHasher({ cost: 4 });
  const authStores = createAuthStores(repositories);
  const deliveries: { userId: string; resetToken: string }[] = [];
  const authService = createAuthService({
    users: authStores.users,
    tokens: createTokenService({
      secret: 'operation-test-secret-that-is-long-enough-x',
      revocations: authStores.revocations,
    }),
    hasher,
    resetTokens: authStores.resetTokens,
    loginLimiter: unlimited,
    logger: silentLogger,
    deliverResetToken: (userId, resetToken) => {
      deliveries.push({ userId, resetToken });
    },
  });
  const passwordHash = await hasher.hashPassword(kitPassword);
  const roles: Role[] = ['admin', 'zookeeper', 'educator', 'parent', 'student', 'visitor'];
  const created = await Promise.all(
    roles.map((role) =>
      repositories.users.create({
        email: `${role}@kit.example.org`,
        displayName: `Kit ${role}`,
        role,
        passwordHash,
      }),
    ),
  );
  const users = Object.fromEntries(created.map((user) => [user.role, user])) as Record<
    Role,
    UserRecord
  >;
  return { store, repositories, authService, hasher, deliveries, users, close: store.close };
}

/**
 * The principal the route layer would pass for `user`.
 *
 * @example
 * ```ts
 * const admin = principalOf(kit.users.admin);
 * ```
 */
export function principalOf(user: UserRecord): RestPrincipal {
  return { userId: user.userId, email: user.email, role: user.role as RestPrincipal['role'] };
}

/**
 * A stand-in Express request with the headers and address handlers read.
 *
 * @example
 * ```ts
 * const request = fakeRequest({ authorization: `Bearer ${token}` });
 * ```
 */
export function fakeRequest(headers: Record<string, string> = {}): Request {
  return { headers, ip: '192.0.2.10' } as unknown as Request;
}

/**
 * Calls one handler as the route layer would; the result is always JSON (no streams here).
 *
 * @example
 * ```ts
 * const result = await callOperation(handlers, 'getUser', { params: { userId }, principal });
 * ```
 */
export async function callOperation(
  handlers: OperationHandlers,
  operationId: string,
  input: Partial<Omit<OperationInput, 'operationId'>> = {},
): Promise<JsonResult> {
  const handler = handlers[operationId];
  if (handler === undefined) throw new Error(`no handler for ${operationId}`);
  const result = await handler({
    operationId,
    params: {},
    query: {},
    body: undefined,
    principal: null,
    request: fakeRequest(),
    ...input,
  });
  if ('stream' in result) throw new Error(`${operationId} streamed`);
  return result;
}

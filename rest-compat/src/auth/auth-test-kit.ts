/**
 * Test wiring for the auth modules: a controllable clock, in-memory stores, a recording logger
 * and a cheap bcrypt cost. Used only by the co-located tests.
 *
 * @module
 */
import { createMemoryRateLimiter } from '@cmz/engine';
import { createAuthService } from './auth-service.ts';
import type { AuthLogger, AuthUser } from './auth-types.ts';
import { createMemoryResetTokenStore, createMemoryUserStore } from './memory-auth-stores.ts';
import { createPasswordHasher } from './password-hashing.ts';
import { createMemoryTokenRevocations } from './token-revocations.ts';
import { createTokenService } from './token-service.ts';

/** The lowest bcrypt cost: tests stay fast, the code path is the production one. */
export const testBcryptCost = 4;

/** A 43-character secret, as `resolveJwtSecret` would generate. */
export const testSecret = 'test-secret-that-is-long-enough-for-hs256-x';

/** One recorded logger call. */
export interface LogCall {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string;
}

/**
 * A logger that keeps every call, to assert what was (and was not) written.
 *
 * @example
 * ```ts
 * const logger = createRecordingLogger();
 * expect(JSON.stringify(logger.calls)).not.toContain(email);
 * ```
 */
export function createRecordingLogger(): AuthLogger & { calls: LogCall[] } {
  const calls: LogCall[] = [];
  return {
    calls,
    info: (fields, message) => calls.push({ level: 'info', fields, message }),
    warn: (fields, message) => calls.push({ level: 'warn', fields, message }),
  };
}

/**
 * A clock tests move by hand.
 *
 * @example
 * ```ts
 * const clock = createTestClock(); clock.advance(1000);
 * ```
 */
export function createTestClock(startMs = Date.UTC(2026, 0, 15, 9, 0, 0)) {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance: (milliseconds: number) => {
      nowMs += milliseconds;
    },
  };
}

/**
 * The whole auth service over in-memory stores, with the accounts given (passwords hashed).
 *
 * @example
 * ```ts
 * const kit = await createAuthKit([{ userId: 'u1', email: 'a@b.org', displayName: 'A', role: 'parent', password: 'Zebra#2024' }]);
 * await kit.auth.login({ email: 'a@b.org', password: 'Zebra#2024' });
 * ```
 */
export async function createAuthKit(
  accounts: readonly (Omit<AuthUser, 'passwordHash'> & { password?: string })[],
  options: { loginCapacity?: number; addressCapacity?: number } = {},
) {
  const clock = createTestClock();
  const hasher = createPasswordHasher({ cost: testBcryptCost });
  const stored: AuthUser[] = [];
  for (const { password, ...account } of accounts) {
    stored.push(
      password === undefined
        ? account
        : { ...account, passwordHash: await hasher.hashPassword(password) },
    );
  }
  const users = createMemoryUserStore(stored);
  const revocations = createMemoryTokenRevocations(clock.now);
  const tokens = createTokenService({ secret: testSecret, revocations, now: clock.now });
  const resetTokens = createMemoryResetTokenStore();
  const loginLimiter = createMemoryRateLimiter({
    capacity: options.loginCapacity ?? 5,
    refillPerSecond: 1 / 60,
    now: clock.now,
  });
  const addressLimiter = createMemoryRateLimiter({
    capacity: options.addressCapacity ?? 30,
    refillPerSecond: 0.5,
    now: clock.now,
  });
  const logger = createRecordingLogger();
  const deliveries: { userId: string; resetToken: string }[] = [];
  const auth = createAuthService({
    users,
    tokens,
    hasher,
    resetTokens,
    loginLimiter,
    addressLimiter,
    logger,
    deliverResetToken: (userId, resetToken) => {
      deliveries.push({ userId, resetToken });
    },
    now: clock.now,
  });
  const close = async () => {
    await loginLimiter.close();
    await addressLimiter.close();
  };
  return { auth, clock, hasher, users, tokens, resetTokens, logger, deliveries, close };
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRateLimiter } from '@cmz/engine';
import { AuthFailure } from './auth-failure.ts';
import { createAuthKit, createRecordingLogger, testBcryptCost } from './auth-test-kit.ts';
import { sha256Hex } from './hash-identifier.ts';
import { createMemoryResetTokenStore, createMemoryUserStore } from './memory-auth-stores.ts';
import { createPasswordHasher } from './password-hashing.ts';
import { createPasswordResetFlow, resetTokenLifetimeMs } from './password-reset-flow.ts';

const student = {
  userId: 'user_test_student_001',
  email: 'student1@test.cmz.org',
  displayName: 'Test Student One',
  role: 'student',
  password: 'Panda#2024',
};
const gone = { ...student, userId: 'user_gone', email: 'gone@cmz.org', softDelete: true };

type Kit = Awaited<ReturnType<typeof createAuthKit>>;
const kits: Kit[] = [];
async function open() {
  const kit = await createAuthKit([student, gone]);
  kits.push(kit);
  return kit;
}
afterEach(async () => {
  await Promise.all(kits.splice(0).map((kit) => kit.close()));
});

async function failureOf(promise: Promise<unknown>): Promise<AuthFailure> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthFailure);
  return error as AuthFailure;
}

describe('password reset', () => {
  it('works end to end, once', async () => {
    const { auth, deliveries, clock } = await open();
    await auth.requestPasswordReset('Student1@test.cmz.org');
    expect(deliveries).toHaveLength(1);
    const { userId, resetToken } = deliveries[0] ?? { userId: '', resetToken: '' };
    expect(userId).toBe('user_test_student_001');
    expect(Buffer.from(resetToken, 'base64url')).toHaveLength(32);
    clock.advance(resetTokenLifetimeMs - 1);
    await auth.resetPassword(resetToken, 'Giraffe#2025');
    await auth.login({ email: student.email, password: 'Giraffe#2025' });
    const again = await failureOf(auth.resetPassword(resetToken, 'Giraffe#2026'));
    expect(again).toMatchObject({
      code: 'invalid_reset_token',
      status: 400,
      details: { engineCode: 'CMZ_ERR_AUTH_RESET_TOKEN_INVALID' },
    });
  });

  it('stores only the SHA-256 hash of the token', async () => {
    const { auth, deliveries, resetTokens } = await open();
    const save = vi.spyOn(resetTokens, 'save');
    await auth.requestPasswordReset(student.email);
    const resetToken = deliveries[0]?.resetToken ?? '';
    expect(save).toHaveBeenCalledWith(sha256Hex(resetToken), student.userId, expect.any(Number));
    expect(JSON.stringify(save.mock.calls)).not.toContain(resetToken);
  });

  it('refuses an expired token', async () => {
    const { auth, deliveries, clock } = await open();
    await auth.requestPasswordReset(student.email);
    clock.advance(resetTokenLifetimeMs);
    const failure = await failureOf(
      auth.resetPassword(deliveries[0]?.resetToken ?? '', 'Giraffe#2025'),
    );
    expect(failure.code).toBe('invalid_reset_token');
    await auth.login({ email: student.email, password: student.password });
  });

  it('rejects a weak password with its violations and keeps the token usable', async () => {
    const { auth, deliveries } = await open();
    await auth.requestPasswordReset(student.email);
    const resetToken = deliveries[0]?.resetToken ?? '';
    const weak = await failureOf(auth.resetPassword(resetToken, 'giraffe'));
    expect(weak).toMatchObject({ code: 'validation_error', status: 400 });
    expect(weak.details['violations']).toEqual(weak.violations);
    expect(weak.violations).toContain('Password must contain at least one uppercase letter');
    await auth.resetPassword(resetToken, 'Giraffe#2025');
  });

  it('refuses unknown tokens', async () => {
    const { auth } = await open();
    expect((await failureOf(auth.resetPassword('made-up', 'Giraffe#2025'))).code).toBe(
      'invalid_reset_token',
    );
  });

  it('resolves the same way for unknown and deleted accounts, delivering nothing', async () => {
    const { auth, deliveries, logger } = await open();
    await expect(auth.requestPasswordReset('nobody@cmz.org')).resolves.toBeUndefined();
    await expect(auth.requestPasswordReset(gone.email)).resolves.toBeUndefined();
    const knownLogs = logger.calls.length;
    await expect(auth.requestPasswordReset(student.email)).resolves.toBeUndefined();
    expect(deliveries).toHaveLength(1);
    // The log line is identical for all three requests.
    expect(logger.calls.map((call) => call.fields)).toEqual([
      { operation: 'auth.reset_requested' },
      { operation: 'auth.reset_requested' },
      { operation: 'auth.reset_requested' },
    ]);
    expect(knownLogs).toBe(2);
  });

  it('throttles reset requests per email silently', async () => {
    const { auth, deliveries } = await open();
    for (let request = 0; request < 7; request++) await auth.requestPasswordReset(student.email);
    expect(deliveries).toHaveLength(5);
  });

  it('refuses a token of an account deleted after the request', async () => {
    const users = createMemoryUserStore([{ ...student }]);
    const resetTokens = createMemoryResetTokenStore();
    await resetTokens.save(sha256Hex('token-of-missing'), 'user_missing', Date.now() + 60_000);
    const limiter = createMemoryRateLimiter();
    const flow = createPasswordResetFlow({
      users,
      hasher: createPasswordHasher({ cost: testBcryptCost }),
      resetTokens,
      limiter,
      logger: createRecordingLogger(),
      deliverResetToken: () => undefined,
      now: Date.now,
    });
    expect((await failureOf(flow.resetPassword('token-of-missing', 'Giraffe#2025'))).code).toBe(
      'invalid_reset_token',
    );
    await limiter.close();
  });

  it('keeps a delivery failure to itself, logging no address', async () => {
    const logger = createRecordingLogger();
    const limiter = createMemoryRateLimiter();
    const flow = createPasswordResetFlow({
      users: createMemoryUserStore([{ ...student }]),
      hasher: createPasswordHasher({ cost: testBcryptCost }),
      resetTokens: createMemoryResetTokenStore(),
      limiter,
      logger,
      deliverResetToken: async () => {
        throw new Error(`mailbox ${student.email} unavailable`);
      },
      now: Date.now,
    });
    await expect(flow.requestPasswordReset(student.email)).resolves.toBeUndefined();
    expect(logger.calls[0]?.fields).toMatchObject({
      operation: 'auth.reset_delivery_failed',
      errorName: 'Error',
    });
    expect(JSON.stringify(logger.calls)).not.toContain(student.email);
    await limiter.close();
  });
});

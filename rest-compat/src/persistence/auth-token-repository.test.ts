import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTokenRepository, type AuthTokenRepository } from './auth-token-repository.ts';
import { manualClock, startTestStore, type TestStore } from './test-store.ts';

let store: TestStore;
let tokens: AuthTokenRepository;
const clock = manualClock('2025-04-01T12:00:00.000Z');
const inSeconds = (seconds: number) => new Date(clock().getTime() + seconds * 1000);

beforeAll(async () => {
  store = await startTestStore();
  tokens = createAuthTokenRepository({
    document: store.document,
    tableName: store.tableNames.authTokens,
    clock,
  });
});
afterAll(() => store.close());

describe('auth token repository', () => {
  it('revokes a token until its expiry, then ignores the entry', async () => {
    expect(await tokens.isRevoked('jti-1')).toBe(false);
    await tokens.revoke('jti-1', inSeconds(60));
    expect(await tokens.isRevoked('jti-1')).toBe(true);
    clock.advance(59_000);
    expect(await tokens.isRevoked('jti-1')).toBe(true);
    clock.advance(1_000);
    expect(await tokens.isRevoked('jti-1')).toBe(false);
  });

  it('consumes a reset token exactly once, even when raced', async () => {
    await tokens.saveResetToken('hash-a', 'user_1', inSeconds(900));
    const results = await Promise.all([
      tokens.consumeResetToken('hash-a'),
      tokens.consumeResetToken('hash-a'),
      tokens.consumeResetToken('hash-a'),
    ]);
    expect(results.filter((result) => result === 'user_1')).toHaveLength(1);
    expect(results.filter((result) => result === null)).toHaveLength(2);
    expect(await tokens.consumeResetToken('hash-a')).toBeNull();
    expect(await tokens.consumeResetToken('hash-unknown')).toBeNull();
  });

  it('refuses an expired reset token', async () => {
    await tokens.saveResetToken('hash-b', 'user_2', inSeconds(900));
    clock.advance(900_000);
    expect(await tokens.consumeResetToken('hash-b')).toBeNull();
  });

  it('purges expired entries only', async () => {
    await tokens.revoke('jti-live', inSeconds(3_600));
    await tokens.saveResetToken('hash-live', 'user_3', inSeconds(3_600));
    await tokens.revoke('jti-old', inSeconds(1));
    clock.advance(2_000);
    // jti-1, hash-b and jti-old are expired by now.
    expect(await tokens.purgeExpired()).toBe(3);
    expect(await tokens.purgeExpired()).toBe(0);
    expect(await tokens.isRevoked('jti-live')).toBe(true);
    expect(await tokens.consumeResetToken('hash-live')).toBe('user_3');
  });
});

import { describe, expect, it } from 'vitest';
import { EngineError } from '@cmz/engine';
import { createTestClock, testSecret } from './auth-test-kit.ts';
import { createSocketAuthenticator } from './socket-authenticator.ts';
import { createMemoryTokenRevocations } from './token-revocations.ts';
import { createTokenService, type TokenService } from './token-service.ts';

describe('socket authenticator', () => {
  const clock = createTestClock();
  const tokens = createTokenService({
    secret: testSecret,
    revocations: createMemoryTokenRevocations(clock.now),
    now: clock.now,
  });
  const authenticate = createSocketAuthenticator(tokens);

  it('turns a token from /auth into the engine visitor with the same identity', async () => {
    const { token } = await tokens.issue({
      userId: 'user_s1',
      email: 's@cmz.org',
      role: 'student',
    });
    expect(await authenticate(token)).toEqual({ visitorId: 'user_s1', role: 'student' });
  });

  it('returns null for invalid, revoked and expired tokens', async () => {
    const revoked = await tokens.issue({ userId: 'u', email: 'u@cmz.org', role: 'visitor' });
    await tokens.revoke(revoked.token);
    const expired = await tokens.issue({ userId: 'u', email: 'u@cmz.org', role: 'visitor' });
    expect(await authenticate('forged')).toBeNull();
    expect(await authenticate(revoked.token)).toBeNull();
    clock.advance(86_400_000);
    expect(await authenticate(expired.token)).toBeNull();
  });

  it('throws other failures, so the client sees a temporary error', async () => {
    const failure = new EngineError('CMZ_ERR_STORE_UNAVAILABLE');
    const broken: TokenService = { ...tokens, verify: async () => Promise.reject(failure) };
    await expect(createSocketAuthenticator(broken)('any')).rejects.toBe(failure);
  });
});

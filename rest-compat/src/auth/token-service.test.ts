import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { EngineError } from '@cmz/engine';
import { createTestClock, testSecret } from './auth-test-kit.ts';
import type { TokenSubject } from './principal.ts';
import { createMemoryTokenRevocations } from './token-revocations.ts';
import { createTokenService } from './token-service.ts';

const subject: TokenSubject = { userId: 'user_parent_1', email: 'p@test.cmz.org', role: 'parent' };

function setup(secret: string | Uint8Array = testSecret) {
  const clock = createTestClock();
  const revocations = createMemoryTokenRevocations(clock.now);
  const tokens = createTokenService({ secret, revocations, now: clock.now });
  return { clock, revocations, tokens };
}

async function expectInvalid(promise: Promise<unknown>, reason: string): Promise<void> {
  const error = await promise.then(
    () => {
      throw new Error('expected the token to be refused');
    },
    (caught: unknown) => caught,
  );
  expect(EngineError.isInstance(error)).toBe(true);
  expect(error).toMatchObject({ code: 'CMZ_ERR_AUTH_INVALID_TOKEN', status: 401 });
  expect((error as EngineError).details).toEqual({ reason });
}

/** Signs arbitrary claims with the test secret, to build tokens the service would not issue. */
function forge(claims: Record<string, unknown>, nowMs: number, secret = testSecret) {
  const seconds = Math.floor(nowMs / 1000);
  return new SignJWT({ iss: 'cmz-api', iat: seconds, exp: seconds + 60, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));
}

describe('token service', () => {
  it('issues an HS256 JWT with the old server claims plus jti', async () => {
    const { tokens, clock } = setup();
    const issued = await tokens.issue(subject);
    expect(issued.expiresIn).toBe(86_400);
    expect(decodeProtectedHeader(issued.token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const iat = Math.floor(clock.now() / 1000);
    expect(decodeJwt(issued.token)).toEqual({
      user_id: 'user_parent_1',
      userId: 'user_parent_1',
      email: 'p@test.cmz.org',
      role: 'parent',
      user_type: 'parent',
      sub: 'user_parent_1',
      iss: 'cmz-api',
      iat,
      exp: iat + 86_400,
      jti: issued.tokenId,
    });
    expect(issued.expiresAt).toBe((iat + 86_400) * 1000);
  });

  it('verifies its own token into a principal', async () => {
    const { tokens } = setup();
    const issued = await tokens.issue(subject);
    expect(await tokens.verify(issued.token)).toEqual({
      ...subject,
      tokenId: issued.tokenId,
      expiresAt: issued.expiresAt,
    });
  });

  it('accepts a byte secret the same as its string form', async () => {
    const fromString = setup().tokens;
    const fromBytes = setup(new TextEncoder().encode(testSecret)).tokens;
    const { token } = await fromString.issue(subject);
    expect((await fromBytes.verify(token)).userId).toBe('user_parent_1');
  });

  it('refuses an expired token (injected clock), but not one second before', async () => {
    const { tokens, clock } = setup();
    const { token } = await tokens.issue(subject);
    clock.advance(86_399_000);
    await expect(tokens.verify(token)).resolves.toMatchObject({ userId: 'user_parent_1' });
    clock.advance(1_000);
    await expectInvalid(tokens.verify(token), 'expired');
  });

  it('refuses a tampered payload or signature', async () => {
    const { tokens } = setup();
    const { token } = await tokens.issue(subject);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString(
      'base64url',
    );
    await expectInvalid(tokens.verify(`${header}.${elevated}.${signature}`), 'invalid');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await expectInvalid(tokens.verify(`${header}.${payload}.${flipped}`), 'invalid');
  });

  it('refuses a token signed with another secret', async () => {
    const other = setup('another-secret-that-is-long-enough-for-hs256').tokens;
    const { token } = await other.issue(subject);
    await expectInvalid(setup().tokens.verify(token), 'invalid');
  });

  it('refuses malformed tokens and alg none', async () => {
    const { tokens } = setup();
    for (const token of ['', 'abc', 'a.b.c', 'Bearer x.y.z']) {
      await expectInvalid(tokens.verify(token), 'invalid');
    }
    const unsecured = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'x', role: 'admin' }),
    ).toString('base64url')}.`;
    await expectInvalid(tokens.verify(unsecured), 'invalid');
  });

  it('refuses a wrong issuer, a missing jti, an unknown role or mismatched ids', async () => {
    const { tokens, clock } = setup();
    const base = { sub: 'u1', user_id: 'u1', email: 'a@b.org', role: 'parent', jti: 'j1' };
    await expect(tokens.verify(await forge(base, clock.now()))).resolves.toMatchObject({
      userId: 'u1',
    });
    await expectInvalid(
      tokens.verify(await forge({ ...base, iss: 'other' }, clock.now())),
      'invalid',
    );
    await expectInvalid(
      tokens.verify(await forge({ ...base, jti: undefined }, clock.now())),
      'invalid',
    );
    await expectInvalid(
      tokens.verify(await forge({ ...base, role: 'root' }, clock.now())),
      'invalid',
    );
    await expectInvalid(tokens.verify(await forge({ ...base, email: 7 }, clock.now())), 'invalid');
    await expectInvalid(
      tokens.verify(await forge({ ...base, user_id: 'u2' }, clock.now())),
      'invalid',
    );
  });

  it('normalizes legacy roles in claims', async () => {
    const { tokens, clock } = setup();
    const claims = { sub: 'u1', email: 'a@b.org', role: 'member', jti: 'j1' };
    expect((await tokens.verify(await forge(claims, clock.now()))).role).toBe('visitor');
    const editor = { ...claims, role: 'Editor', jti: 'j2' };
    expect((await tokens.verify(await forge(editor, clock.now()))).role).toBe('zookeeper');
  });

  it('revoke makes the token stop working, and a second revoke fails', async () => {
    const { tokens } = setup();
    const { token } = await tokens.issue(subject);
    await tokens.revoke(token);
    await expectInvalid(tokens.verify(token), 'revoked');
    await expectInvalid(tokens.revoke(token), 'revoked');
  });

  it('refresh issues a token for the same user (never admin) and revokes the old one', async () => {
    const { tokens, clock } = setup();
    const old = await tokens.issue(subject);
    clock.advance(60_000);
    const renewed = await tokens.refresh(old.token);
    expect(renewed.tokenId).not.toBe(old.tokenId);
    expect(renewed.expiresAt).toBe(old.expiresAt + 60_000);
    expect(await tokens.verify(renewed.token)).toMatchObject(subject);
    await expectInvalid(tokens.verify(old.token), 'revoked');
    await expectInvalid(tokens.refresh(old.token), 'revoked');
  });

  it('lets a revocation store failure through instead of calling the token invalid', async () => {
    const failure = new EngineError('CMZ_ERR_STORE_UNAVAILABLE');
    const tokens = createTokenService({
      secret: testSecret,
      revocations: { isRevoked: vi.fn().mockRejectedValue(failure), revoke: vi.fn() },
    });
    const { token } = await tokens.issue(subject);
    await expect(tokens.verify(token)).rejects.toBe(failure);
  });

  it('honours a custom issuer and lifetime', async () => {
    const clock = createTestClock();
    const tokens = createTokenService({
      secret: testSecret,
      issuer: 'cmz-test',
      lifetimeSeconds: 60,
      revocations: createMemoryTokenRevocations(clock.now),
      now: clock.now,
    });
    const issued = await tokens.issue(subject);
    expect(issued.expiresIn).toBe(60);
    expect(decodeJwt(issued.token).iss).toBe('cmz-test');
    clock.advance(60_000);
    await expectInvalid(tokens.verify(issued.token), 'expired');
  });
});

describe('memory token revocations', () => {
  it('forgets entries whose tokens have expired', async () => {
    const clock = createTestClock();
    const revocations = createMemoryTokenRevocations(clock.now);
    await revocations.revoke('old', clock.now() + 1_000);
    clock.advance(2_000);
    await revocations.revoke('new', clock.now() + 1_000);
    expect(await revocations.isRevoked('old')).toBe(false);
    expect(await revocations.isRevoked('new')).toBe(true);
  });
});

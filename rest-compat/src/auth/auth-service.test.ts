import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthFailure } from './auth-failure.ts';
import { createAuthKit } from './auth-test-kit.ts';

const parent = {
  userId: 'user_test_parent_001',
  email: 'parent1@test.cmz.org',
  displayName: 'Test Parent One',
  role: 'parent',
  password: 'Zebra#2024',
};
const member = {
  userId: 'user_member_1',
  email: 'member@cmz.org',
  displayName: 'Member One',
  role: 'member',
  password: 'Otter#2024',
};
const deleted = {
  userId: 'user_gone',
  email: 'gone@cmz.org',
  displayName: 'Gone',
  role: 'student',
  password: 'Lemur#2024',
  softDelete: true,
};
const strangeRole = {
  userId: 'user_odd',
  email: 'odd@cmz.org',
  displayName: 'Odd',
  role: 'superuser',
  password: 'Tapir#2024',
};
const noPassword = { userId: 'user_sso', email: 'sso@cmz.org', displayName: 'SSO', role: 'admin' };

type Kit = Awaited<ReturnType<typeof createAuthKit>>;
const kits: Kit[] = [];
async function open(options: Parameters<typeof createAuthKit>[1] = {}) {
  const kit = await createAuthKit([parent, member, deleted, strangeRole, noPassword], options);
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

describe('login', () => {
  it('signs in with email and returns a token old clients can decode', async () => {
    const { auth, tokens } = await open();
    const result = await auth.login({ email: 'Parent1@Test.CMZ.org ', password: 'Zebra#2024' });
    expect(result.expiresIn).toBe(86_400);
    expect(result.user).toEqual({
      userId: 'user_test_parent_001',
      email: 'parent1@test.cmz.org',
      displayName: 'Test Parent One',
      role: 'parent',
    });
    expect(decodeJwt(result.token)).toMatchObject({
      user_id: 'user_test_parent_001',
      userId: 'user_test_parent_001',
      sub: 'user_test_parent_001',
      email: 'parent1@test.cmz.org',
      role: 'parent',
      user_type: 'parent',
      iss: 'cmz-api',
    });
    expect((await tokens.verify(result.token)).tokenId).toBe(result.tokenId);
  });

  it('accepts username as the email, and prefers email when both are sent', async () => {
    const { auth } = await open();
    const byUsername = await auth.login({
      username: 'parent1@test.cmz.org',
      password: 'Zebra#2024',
    });
    expect(byUsername.user.userId).toBe('user_test_parent_001');
    const both = await auth.login({
      email: 'member@cmz.org',
      username: 'parent1@test.cmz.org',
      password: 'Otter#2024',
    });
    expect(both.user.userId).toBe('user_member_1');
    const emptyEmail = await auth.login({
      email: ' ',
      username: 'parent1@test.cmz.org',
      password: 'Zebra#2024',
    });
    expect(emptyEmail.user.userId).toBe('user_test_parent_001');
  });

  it('signs a legacy member in as a visitor', async () => {
    const { auth } = await open();
    const result = await auth.login({ email: 'member@cmz.org', password: 'Otter#2024' });
    expect(result.user.role).toBe('visitor');
    expect(decodeJwt(result.token).role).toBe('visitor');
  });

  it('answers a wrong password and an unknown user with the same 401, verifying both', async () => {
    const { auth, hasher } = await open();
    const verify = vi.spyOn(hasher, 'verifyPassword');
    const wrong = await failureOf(auth.login({ email: parent.email, password: 'Wrong#2024' }));
    const unknown = await failureOf(
      auth.login({ email: 'nobody@cmz.org', password: 'Wrong#2024' }),
    );
    for (const failure of [wrong, unknown]) {
      expect(failure).toMatchObject({
        code: 'invalid_credentials',
        status: 401,
        message: 'Invalid email or password',
        details: { engineCode: 'CMZ_ERR_AUTH_INVALID_CREDENTIALS' },
      });
    }
    expect(verify).toHaveBeenCalledTimes(2);
    expect(verify.mock.calls[1]).toEqual(['Wrong#2024', undefined]);
  });

  it('refuses soft-deleted accounts, accounts without a password and unknown roles', async () => {
    const { auth, hasher, logger } = await open();
    const verify = vi.spyOn(hasher, 'verifyPassword');
    for (const [email, password] of [
      [deleted.email, deleted.password],
      [noPassword.email, 'Anything#1'],
      [strangeRole.email, strangeRole.password],
      ['', 'Anything#1'],
    ] as const) {
      expect((await failureOf(auth.login({ email, password }))).code).toBe('invalid_credentials');
    }
    expect(verify).toHaveBeenCalledTimes(4);
    expect(logger.calls.some((call) => call.fields['operation'] === 'auth.unknown_role')).toBe(
      true,
    );
  });

  it('rate-limits per identifier after N attempts, whatever the address', async () => {
    const { auth, hasher, clock } = await open({ loginCapacity: 3 });
    for (let attempt = 0; attempt < 3; attempt++) {
      await failureOf(
        auth.login({
          email: parent.email,
          password: 'Wrong#1',
          clientAddress: `10.0.0.${attempt}`,
        }),
      );
    }
    const verify = vi.spyOn(hasher, 'verifyPassword');
    const limited = await failureOf(
      auth.login({ email: parent.email, password: 'Zebra#2024', clientAddress: '10.0.0.9' }),
    );
    expect(limited).toMatchObject({
      code: 'too_many_requests',
      status: 429,
      details: { engineCode: 'CMZ_ERR_AUTH_RATE_LIMITED', retryAfterMs: 60_000 },
    });
    expect(limited.retryAfterMs).toBe(60_000);
    // Throttled callers cost no bcrypt work.
    expect(verify).not.toHaveBeenCalled();
    // Another account is not affected; the refill lets the owner back in.
    await auth.login({ email: member.email, password: member.password, clientAddress: '10.0.0.9' });
    clock.advance(60_000);
    await auth.login({ email: parent.email, password: 'Zebra#2024', clientAddress: '10.0.0.9' });
  });

  it('rate-limits per client address across identifiers', async () => {
    const { auth } = await open({ loginCapacity: 10, addressCapacity: 2 });
    await failureOf(auth.login({ email: 'a@cmz.org', password: 'x', clientAddress: '192.0.2.1' }));
    await failureOf(auth.login({ email: 'b@cmz.org', password: 'x', clientAddress: '192.0.2.1' }));
    const limited = await failureOf(
      auth.login({ email: parent.email, password: 'Zebra#2024', clientAddress: '192.0.2.1' }),
    );
    expect(limited.code).toBe('too_many_requests');
    const elsewhere = await auth.login({
      email: parent.email,
      password: 'Zebra#2024',
      clientAddress: '192.0.2.2',
    });
    expect(elsewhere.user.role).toBe('parent');
  });
});

describe('refresh and logout', () => {
  it('refresh returns a new token for the same user and ends the old one', async () => {
    const { auth, tokens } = await open();
    const first = await auth.login({ email: parent.email, password: parent.password });
    const renewed = await auth.refresh(first.token);
    expect(renewed.user.userId).toBe('user_test_parent_001');
    expect(renewed.user.role).toBe('parent');
    expect((await tokens.verify(renewed.token)).role).toBe('parent');
    await expect(tokens.verify(first.token)).rejects.toMatchObject({
      code: 'CMZ_ERR_AUTH_INVALID_TOKEN',
    });
  });

  it('refresh refuses an account that was deleted since sign-in', async () => {
    const { auth, tokens } = await open();
    const { token } = await tokens.issue({
      userId: 'user_gone',
      email: 'gone@cmz.org',
      role: 'student',
    });
    await expect(auth.refresh(token)).rejects.toMatchObject({
      code: 'CMZ_ERR_AUTH_INVALID_TOKEN',
      status: 401,
    });
    await expect(tokens.verify(token)).rejects.toMatchObject({
      code: 'CMZ_ERR_AUTH_INVALID_TOKEN',
    });
  });

  it('logout makes the token stop working; a second logout is a 401', async () => {
    const { auth, tokens } = await open();
    const { token } = await auth.login({ email: parent.email, password: parent.password });
    await auth.logout(token);
    await expect(tokens.verify(token)).rejects.toMatchObject({ status: 401 });
    await expect(auth.logout(token)).rejects.toMatchObject({
      code: 'CMZ_ERR_AUTH_INVALID_TOKEN',
      status: 401,
    });
  });
});

describe('changePassword', () => {
  it('needs the current password and a policy-compliant new one', async () => {
    const { auth } = await open();
    const userId = parent.userId;
    const wrong = await failureOf(
      auth.changePassword({ userId, currentPassword: 'Nope#2024', newPassword: 'Koala#2025' }),
    );
    expect(wrong.code).toBe('invalid_credentials');
    const weak = await failureOf(
      auth.changePassword({ userId, currentPassword: parent.password, newPassword: 'koala' }),
    );
    expect(weak).toMatchObject({ code: 'validation_error', status: 400 });
    expect(weak.violations?.length).toBeGreaterThan(0);
    await auth.changePassword({
      userId,
      currentPassword: parent.password,
      newPassword: 'Koala#2025',
    });
    await failureOf(auth.login({ email: parent.email, password: parent.password }));
    await auth.login({ email: parent.email, password: 'Koala#2025' });
  });

  it('refuses unknown and deleted accounts', async () => {
    const { auth } = await open();
    for (const userId of ['nobody', 'user_gone']) {
      const failure = await failureOf(
        auth.changePassword({ userId, currentPassword: 'Lemur#2024', newPassword: 'Koala#2025' }),
      );
      expect(failure.code).toBe('invalid_credentials');
    }
  });
});

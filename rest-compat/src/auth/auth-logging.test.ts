import { describe, expect, it } from 'vitest';
import { createAuthKit } from './auth-test-kit.ts';

describe('auth logging', () => {
  it('never writes an email, password, name, token or raw user id', async () => {
    const account = {
      userId: 'parent1_test_cmz_org',
      email: 'parent1@test.cmz.org',
      displayName: 'Test Parent One',
      role: 'parent',
      password: 'Zebra#2024',
    };
    const kit = await createAuthKit(
      [account, { ...account, userId: 'u_odd', email: 'odd@cmz.org', role: 'root' }],
      {
        loginCapacity: 3,
      },
    );
    const { auth, logger, deliveries } = kit;
    const secrets: string[] = [
      account.email,
      account.password,
      account.displayName,
      account.userId,
    ];

    const { token } = await auth.login({
      email: account.email,
      password: account.password,
      clientAddress: '203.0.113.5',
    });
    const renewed = await auth.refresh(token);
    await auth.login({ email: account.email, password: 'Wrong#2024' }).catch(() => undefined);
    await auth.login({ email: account.email, password: 'Wrong#2024' }).catch(() => undefined);
    await auth.login({ email: account.email, password: 'Wrong#2024' }).catch(() => undefined);
    await auth.login({ email: 'odd@cmz.org', password: account.password }).catch(() => undefined);
    await auth.requestPasswordReset(account.email);
    const resetToken = deliveries[0]?.resetToken ?? '';
    await auth.resetPassword(resetToken, 'Koala#2025');
    await auth.changePassword({
      userId: account.userId,
      currentPassword: 'Koala#2025',
      newPassword: 'Okapi#2026',
    });
    await auth.logout(renewed.token);
    secrets.push(token, renewed.token, resetToken, 'Koala#2025', 'Okapi#2026', 'odd@cmz.org');

    const written = JSON.stringify(logger.calls);
    expect(logger.calls.length).toBeGreaterThan(8);
    for (const secret of secrets) expect(written).not.toContain(secret);
    await kit.close();
  });
});

import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import { openLogin, ROLE_USERS, signIn } from '../support/auth.ts';

test('the sign-in page is accessible and checks its fields in place', async ({ page }) => {
  await openLogin(page);
  const main = page.getByRole('main');
  await expect(main.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(main.getByText('Please fill this in.')).toHaveCount(2); // email and password
  await signIn(page, 'not-an-email', 'x');
  await expect(
    main.getByText('Please enter an email address like name@example.com.'),
  ).toBeVisible();
  await expect(main.getByLabel('Password')).not.toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousA11yViolations(page, 'login with errors');
  await signIn(page, 'visitor@cmz.org', 'wrong-password');
  await expect(main.getByRole('alert')).toHaveText(
    "That email and password don't match. Please try again.",
  );
  await expect(page).toHaveURL(/\/login$/);
  await expect(main.getByLabel('Password')).toHaveValue('');
});

for (const user of ROLE_USERS) {
  test(`${user.role} signs in and lands on the ${user.lands} page`, async ({ page }) => {
    await openLogin(page);
    await signIn(page, user.email);
    if (user.lands === 'staff') {
      await expect(page).toHaveURL(/\/staff$/);
      await expect(page.getByRole('heading', { level: 1, name: 'Staff dashboard' })).toBeVisible();
    } else {
      await expect(page).toHaveURL(/\/$/);
      await expect(
        page.getByRole('heading', { level: 1, name: 'Meet our animal ambassadors' }),
      ).toBeVisible();
    }
    // The header says who is signed in and offers to sign out.
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(page.getByRole('banner').getByText(/^Signed in as /)).toBeVisible();
    await expectNoSeriousA11yViolations(page, `${user.role} landing page`);
  });
}

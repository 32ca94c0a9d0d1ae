/**
 * Signing in through the /login page, by label: "Email", "Password" and the "Sign in" button.
 *
 * The page has no hydration marker and its form is `novalidate`; a click before hydration would
 * submit the form natively. So readiness is proven first by submitting it EMPTY until the
 * in-place validation (client-side only: `aria-invalid` on Email) appears: harmless even if a click
 * lands before hydration, since nothing is filled in yet (the page is then simply opened again).
 */
import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'testpass123';

export const ROLE_USERS = [
  { role: 'admin', email: 'test@cmz.org', lands: 'staff' },
  { role: 'zookeeper', email: 'zookeeper@cmz.org', lands: 'staff' },
  { role: 'educator', email: 'educator@cmz.org', lands: 'animals' },
  { role: 'parent', email: 'parent1@test.cmz.org', lands: 'animals' },
  { role: 'student', email: 'student1@test.cmz.org', lands: 'animals' },
  { role: 'visitor', email: 'visitor@cmz.org', lands: 'animals' },
] as const;

export async function openLogin(page: Page, path = '/login'): Promise<void> {
  await page.goto(path);
  const expected = page.url();
  const form = page.getByRole('main');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(async () => {
    // A click that landed before hydration submitted the empty form natively (GET
    // /login?email=&password=) and lost `?next=`: start again from the page asked for.
    if (page.url() !== expected) await page.goto(path);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(form.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true', {
      timeout: 500,
    });
    expect(page.url()).toBe(expected);
  }).toPass({ timeout: 10_000 });
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  const form = page.getByRole('main');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

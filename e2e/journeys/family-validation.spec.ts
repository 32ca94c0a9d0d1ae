import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import { openLogin, signIn } from '../support/auth.ts';

test('an educator sees errors in place, then adds a valid family', async ({ page }) => {
  await openLogin(page, '/login?next=%2Fstaff%2Ffamilies');
  await signIn(page, 'educator@cmz.org');
  await expect(page).toHaveURL(/\/staff\/families$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Families' })).toBeVisible();
  const form = page.getByRole('region', { name: 'Add a family' });
  const list = page.getByRole('region', { name: 'All families' });

  // Nothing filled in: each field says what is missing, next to it.
  await form.getByRole('button', { name: 'Add family' }).click();
  await expect(form.getByLabel('Family name')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Please fill this in.')).toBeVisible();
  await expect(
    form.getByRole('group', { name: 'Parents' }).getByText('Choose at least one parent.'),
  ).toBeVisible();
  await expect(
    form.getByRole('group', { name: 'Students' }).getByText('Choose at least one student.'),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'families form with errors');

  const familyName = `E2E Family ${Date.now().toString(36)}`;
  await form.getByLabel('Family name').fill(familyName);
  for (const [group, query] of [
    ['Parents', 'parent1'],
    ['Students', 'student2'],
  ] as const) {
    const picker = form.getByRole('group', { name: group });
    await picker.getByRole('searchbox').fill(query);
    await picker.getByRole('button', { name: 'Search', exact: true }).click();
    await picker.getByRole('button', { name: /^Add / }).first().click();
    await expect(picker.getByRole('button', { name: /^Remove / })).toHaveCount(1);
  }
  await form.getByRole('button', { name: 'Add family' }).click();
  await expect(form.getByText(`The family ${familyName} was added.`)).toBeVisible();
  await expect(list.getByText(familyName)).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'families after adding');
});

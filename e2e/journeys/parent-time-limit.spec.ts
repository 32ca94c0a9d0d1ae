import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import { openLogin, signIn } from '../support/auth.ts';
import { ask, chatPage } from '../support/chat.ts';

test("a parent sets a child's daily chat time and the child is stopped when it is used up", async ({
  page,
  browser,
}) => {
  await openLogin(page, '/login?next=%2Fparent');
  await signIn(page, 'parent1@test.cmz.org');
  await expect(page).toHaveURL(/\/parent$/);
  const child = page.getByRole('region', { name: 'Test Student Two' });
  const limit = child.getByRole('region', { name: 'Daily chat time' });
  await expect(limit.getByText('No limit is set.')).toBeVisible();

  // A bad value is refused in place, next to the field.
  await limit.getByLabel('Minutes per day').fill('0');
  await limit.getByRole('button', { name: 'Save limit' }).click();
  await expect(limit.getByLabel('Minutes per day')).toHaveAttribute('aria-invalid', 'true');
  await expect(limit.getByText('Enter a whole number of minutes from 1 to 1440.')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'parent time limit with an error');

  await limit.getByLabel('Minutes per day').fill('1');
  await limit.getByRole('button', { name: 'Save limit' }).click();
  await expect(limit.getByText('The daily limit was saved.')).toBeVisible();
  await expect(limit.getByText('Used today: 0 of 1 minutes.')).toBeVisible();

  // The child, on their own device: the first minute of chat works, then the day's time is up.
  const childContext = await browser.newContext();
  const childPage = await childContext.newPage();
  await openLogin(childPage);
  await signIn(childPage, 'student2@test.cmz.org');
  await expect(childPage).not.toHaveURL(/\/login/);
  await childPage.goto('/chat/leo');
  const chat = chatPage(childPage, 'Leo');
  await ask(chat, 'What do you eat?');
  await expect(chat.stop).toBeHidden({ timeout: 20_000 });
  await expect(chat.lastReplyText).not.toBeEmpty();
  await ask(chat, 'And how much do you sleep?');
  await expect(childPage.getByRole('alert')).toContainText("That's all the chat time for today");
  await expectNoSeriousA11yViolations(childPage, 'chat after the time limit');
  await childContext.close();

  await page.reload();
  await expect(limit.getByText('Used today: 1 of 1 minutes.')).toBeVisible();
  await limit.getByRole('button', { name: 'No limit' }).click();
  await expect(limit.getByText('The daily limit was removed.')).toBeVisible();
});

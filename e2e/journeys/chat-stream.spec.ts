import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import { ask, chatPage, EN, waitForLongerText } from '../support/chat.ts';

test('a visitor picks Bella, asks what she eats and watches the answer stream in', async ({
  page,
}) => {
  await page.goto('/');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Meet our animal ambassadors' }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'home');

  await page.getByRole('link', { name: 'Chat with Bella' }).click();
  await expect(page).toHaveURL(/\/chat\/bella$/);
  const chat = chatPage(page, 'Bella');
  await expect(page.getByRole('heading', { level: 1, name: /Bella/ })).toBeVisible();
  await expect(chat.aiNote).toBeVisible();

  await ask(chat, 'What do you eat?');
  await expect(chat.log.getByText('What do you eat?')).toBeVisible();

  // The reply grows over time: sample its length twice while it streams.
  const first = await waitForLongerText(chat.lastReplyText, 0);
  await expect(chat.stop).toBeVisible();
  const second = await waitForLongerText(chat.lastReplyText, first.length);
  expect(second.startsWith(first)).toBe(true);

  // It ends with fact-card citations and quick replies; Stop goes away.
  const facts = chat.lastReply.getByRole('list', { name: EN.facts });
  await expect(facts.getByRole('listitem').first()).toBeVisible({ timeout: 20_000 });
  await expect(chat.stop).toBeHidden();
  await expect(chat.suggestions.first()).toBeVisible();
  expect(await chat.suggestions.count()).toBeGreaterThanOrEqual(2);
  const final = ((await chat.lastReplyText.textContent()) ?? '').trim();
  expect(final.length).toBeGreaterThan(second.length);
  await expect(chat.aiNote).toBeVisible();

  // A fact card opens to show the fact it cites.
  const card = facts.getByRole('listitem').first();
  await card.locator('summary').click();
  await expect(card.getByRole('paragraph')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'chat with Bella');
});

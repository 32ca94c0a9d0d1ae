import { expect, test } from '@playwright/test';
import { ask, chatPage, EN, textOf, waitForLongerText } from '../support/chat.ts';

test('one visitor, two tabs on Bella: a message sent in one streams in both', async ({
  context,
}) => {
  const first = await context.newPage();
  await first.goto('/chat/bella');
  const chatA = chatPage(first, 'Bella');
  // Ready (hydrated, connected: the guest token is now in localStorage for the second tab).
  await expect(async () => {
    await chatA.input.fill('x');
    await expect(chatA.send).toBeEnabled({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await chatA.input.fill('');
  const guestToken = await first.evaluate(() => localStorage.getItem('cmz.guestToken'));
  expect(guestToken).toBeTruthy();

  const second = await context.newPage();
  await second.goto('/chat/bella');
  const chatB = chatPage(second, 'Bella');
  expect(await second.evaluate(() => localStorage.getItem('cmz.guestToken'))).toBe(guestToken);
  await expect(chatB.status).toHaveText('');
  await expect(chatB.send).toBeVisible();

  await ask(chatA, 'Where do you live?');
  // The question and the streaming answer show in the other tab too, growing there.
  await expect(chatB.log.getByText('Where do you live?', { exact: true })).toBeVisible();
  const early = await waitForLongerText(chatB.lastReplyText, 0);
  await expect(chatB.stop).toBeVisible();
  const later = await waitForLongerText(chatB.lastReplyText, early.length);
  expect(later.startsWith(early)).toBe(true);

  for (const chat of [chatA, chatB]) {
    await expect(chat.lastReply.getByRole('list', { name: EN.facts })).toBeVisible({
      timeout: 20_000,
    });
  }
  expect(await textOf(chatB.lastReplyText)).toBe(await textOf(chatA.lastReplyText));
  await expect(chatB.suggestions.first()).toBeVisible();
  // The same conversation: one question and one answer in each tab.
  for (const chat of [chatA, chatB])
    await expect(
      chat.log
        .getByRole('listitem')
        .filter({ has: chat.log.page().getByText(EN.you, { exact: true }) }),
    ).toHaveCount(1);
});

import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import {
  ask,
  captureSocketEvents,
  chatPage,
  EN,
  named,
  textOf,
  waitForLongerText,
} from '../support/chat.ts';

test('a visitor stops a long answer while it streams', async ({ page }) => {
  const events = captureSocketEvents(page);
  await page.goto('/chat/bella');
  const chat = chatPage(page, 'Bella');
  await ask(
    chat,
    'What do you eat, where do you live, how old are you and what do you do all day?',
  );

  await waitForLongerText(chat.lastReplyText, 10);
  await chat.stop.click();

  await expect(chat.lastReply.getByText(EN.stopped, { exact: true })).toBeVisible();
  await expect(chat.stop).toBeHidden();
  const end = named(events, 'reply:end')[0]?.body;
  expect(end?.finishReason).toBe('aborted');
  const stoppedText = await textOf(chat.lastReplyText);
  expect(stoppedText).toBe(String(end?.text).trim());

  // It stops growing: at 25 words/s a running reply would add words within a few polls.
  for (let poll = 0; poll < 6; poll += 1) {
    await page.waitForTimeout(150);
    expect(await textOf(chat.lastReplyText)).toBe(stoppedText);
  }
  expect(named(events, 'reply:delta').length).toBe(Number(end?.lastSeq));
  // The composer is usable again.
  await expect(chat.input).toBeEditable();
  await expectNoSeriousA11yViolations(page, 'chat after stop');
});

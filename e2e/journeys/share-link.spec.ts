import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import { ask, captureSocketEvents, chatPage, EN, named } from '../support/chat.ts';

test('a visitor shares a chat; a stranger reads it, read-only and with no ids', async ({
  page,
  browser,
}) => {
  const events = captureSocketEvents(page);
  await page.goto('/chat/bella');
  const chat = chatPage(page, 'Bella');
  await ask(chat, 'What do you eat? My email is kid@example.com');
  await expect(chat.lastReply.getByRole('list', { name: EN.facts })).toBeVisible({
    timeout: 20_000,
  });

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByText('Link ready.')).toBeVisible();
  const link = page.getByRole('textbox', { name: 'Read-only link' });
  const url = await link.inputValue();
  expect(url).toMatch(/\/shared\/[A-Za-z0-9_-]{16,}$/);
  await expectNoSeriousA11yViolations(page, 'chat with share link');

  // Everything that identifies the visitor or the conversation, as the engine sent it.
  const secrets = new Set<string>();
  for (const { body } of events) {
    for (const key of [
      'visitorId',
      'guestToken',
      'conversationId',
      'messageId',
      'replyId',
      'clientMessageId',
    ]) {
      if (typeof body[key] === 'string') secrets.add(body[key]);
    }
    const message = body.message as Record<string, unknown> | undefined;
    for (const key of ['id', 'clientMessageId'])
      if (typeof message?.[key] === 'string') secrets.add(message[key]);
  }
  expect(named(events, 'session:ready').length).toBeGreaterThan(0);
  expect(secrets.size).toBeGreaterThanOrEqual(4);

  const stranger = await browser.newContext(); // no cookies, no storage
  const reader = await stranger.newPage();
  await reader.goto(url);
  await expect(
    reader.getByRole('heading', { level: 1, name: 'A conversation with Bella' }),
  ).toBeVisible();
  await expect(reader.getByText('This is a read-only copy')).toBeVisible();
  await expect(reader.getByText('What do you eat?')).toBeVisible();
  await expect(reader.getByRole('list', { name: EN.facts }).first()).toBeVisible();
  // Read-only: nothing to type in, nothing to send.
  await expect(reader.getByRole('textbox')).toHaveCount(0);
  await expect(reader.getByRole('button', { name: 'Send' })).toHaveCount(0);
  const html = await reader.content();
  for (const secret of secrets)
    expect(html, `the shared page leaks ${secret}`).not.toContain(secret);
  expect(html).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/); // no email addresses (the one typed was redacted)
  expect(await reader.evaluate(() => document.cookie)).toBe('');
  await expectNoSeriousA11yViolations(reader, 'shared conversation');
  await stranger.close();
});

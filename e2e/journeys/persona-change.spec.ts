import { expect, test } from '@playwright/test';
import { chatPage } from '../support/chat.ts';

/**
 * The offline responder answers from fact cards, not from the system prompt, so a personality
 * edit cannot be seen in an answer. The visible change chosen here is Charlie's NAME: a zookeeper
 * renames her through the REST layer (`PUT /api/animal/charlie`), and a visitor then sees the new
 * name on the home list, in the chat header, the AI note and the speaker of the next answer.
 */
const newName = 'Charlie Grace';

test('a zookeeper renames Charlie and a visitor sees the new name', async ({ browser, request }) => {
  const auth = await request.post('/api/auth', { data: { email: 'zookeeper@cmz.org', password: 'testpass123' } });
  expect(auth.status()).toBe(200);
  const { token } = (await auth.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  const before = await request.get('/api/animal/charlie', { headers });
  expect(before.status()).toBe(200);
  const original = (await before.json()) as { name: string };

  try {
    const put = await request.put('/api/animal/charlie', { headers, data: { name: newName } });
    expect(put.status(), await put.text()).toBe(200);

    // A visitor, in a fresh context of their own.
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 2, name: newName })).toBeVisible();
    await page.getByRole('link', { name: `Chat with ${newName}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(newName) })).toBeVisible();
    const chat = chatPage(page, newName);
    await expect(chat.aiNote).toBeVisible();
    await expect(async () => {
      await chat.input.fill('What do you eat?');
      await expect(chat.send).toBeEnabled({ timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await chat.send.click();
    await expect(chat.lastReply.getByRole('list', { name: 'Facts this answer used' })).toBeVisible({ timeout: 20_000 });
    await visitor.close();
  } finally {
    await request.put('/api/animal/charlie', { headers, data: { name: original.name } });
  }
});

import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import { openLogin, PASSWORD, signIn } from '../support/auth.ts';
import { chatPage } from '../support/chat.ts';

/**
 * The offline responder answers from fact cards, not from the persona or system prompt, so an
 * edit of Charlie's personality can't be seen in an answer. These journeys make changes a visitor
 * truly sees:
 *  1. through the staff page, a zookeeper edits Charlie's personality AND sets her status to
 *     Hidden: Charlie disappears from the visitor's animal list and her chat page is gone;
 *     set back to Active, she returns;
 *  2. through the REST layer (`PUT /api/animal/charlie`: the staff page has no name field), a
 *     zookeeper renames her "Charlie Grace": the visitor's list, chat header, AI note and answer
 *     speaker show the new name.
 * Both restore Charlie afterwards.
 */

async function zookeeperHeaders(request: APIRequestContext) {
  const auth = await request.post('/api/auth', {
    data: { email: 'zookeeper@cmz.org', password: PASSWORD },
  });
  expect(auth.status()).toBe(200);
  const { token } = (await auth.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

test('a zookeeper edits and hides Charlie on the staff page; a visitor sees her go and come back', async ({
  page,
  browser,
  request,
}) => {
  const headers = await zookeeperHeaders(request);
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto('/');
  await expect(visitor.getByRole('link', { name: 'Chat with Charlie' })).toBeVisible();

  try {
    await openLogin(page, '/login?next=%2Fstaff%2Fanimals%2Fcharlie');
    await signIn(page, 'zookeeper@cmz.org');
    await expect(page).toHaveURL(/\/staff\/animals\/charlie$/);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Settings for Charlie' }),
    ).toBeVisible();
    const personality = page.getByLabel('Personality', { exact: true });
    await expect(personality).not.toHaveValue('');
    await personality.fill(
      'Charlie is a calm, grandmotherly elephant who loves telling stories about the savanna.',
    );
    await page.getByLabel('Status').selectOption({ label: 'Hidden' });
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(
      page.getByText('Saved. Charlie uses the new settings from the next reply.'),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'staff animal settings');

    // The personality is stored (the engine uses it from the next reply)…
    const config = await request.get('/api/animal_config?animalId=charlie', { headers });
    expect(JSON.stringify(await config.json())).toContain('grandmotherly elephant');
    // …and the visitor no longer finds Charlie.
    await visitor.reload();
    await expect(visitor.getByRole('link', { name: 'Chat with Bella' })).toBeVisible();
    await expect(visitor.getByRole('link', { name: 'Chat with Charlie' })).toHaveCount(0);
    await visitor.goto('/chat/charlie');
    await expect(visitor.getByText("We don't know that animal yet.")).toBeVisible();

    await page.getByLabel('Status').selectOption({ label: 'Active' });
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(
      page.getByText('Saved. Charlie uses the new settings from the next reply.'),
    ).toBeVisible();
    await visitor.goto('/');
    await expect(visitor.getByRole('link', { name: 'Chat with Charlie' })).toBeVisible();
  } finally {
    await request.put('/api/animal/charlie', { headers, data: { status: 'active' } });
    await visitorContext.close();
  }
});

test('a zookeeper renames Charlie and a visitor sees the new name', async ({ page, request }) => {
  const newName = 'Charlie Grace';
  const headers = await zookeeperHeaders(request);
  const before = await request.get('/api/animal/charlie', { headers });
  expect(before.status()).toBe(200);
  const original = (await before.json()) as { name: string };

  try {
    const put = await request.put('/api/animal/charlie', { headers, data: { name: newName } });
    expect(put.status(), await put.text()).toBe(200);

    // The visitor (this test's own fresh context).
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
    // The answer is spoken by the new name (the speaker line of the reply).
    await expect(chat.lastReply.getByRole('list', { name: 'Facts this answer used' })).toBeVisible({
      timeout: 20_000,
    });
  } finally {
    await request.put('/api/animal/charlie', { headers, data: { name: original.name } });
  }
});

/**
 * Helpers for the shared-room journeys (school sessions and live rooms), by accessible role and
 * name. Readiness: the room pages enable their buttons only once hydrated, and show the room only
 * after the engine answered the join, so "the heading is there" means joined.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { openLogin, signIn } from './auth.ts';

/** Signs in through /login and lands on `path` (the login page's `?next=`). */
export async function signInTo(page: Page, email: string, path: string): Promise<void> {
  await openLogin(page, `/login?next=${encodeURIComponent(path)}`);
  await signIn(page, email);
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/]/g, '\\/')}$`));
}

/** The shared conversation region of a room page. */
export function roomConversation(page: Page, animalName: string): Locator {
  return page.getByRole('region', { name: `Class conversation with ${animalName}` });
}

/** The animal's messages in a room's conversation (list items whose speaker is the animal). */
export function animalMessages(page: Page, animalName: string): Locator {
  return roomConversation(page, animalName)
    .getByRole('listitem')
    .filter({ has: page.getByText(animalName, { exact: true }) });
}

/**
 * Waits until the animal's last answer has finished streaming (no "is answering" note) and is not
 * empty; returns its text.
 */
export async function finishedAnswer(page: Page, animalName: string): Promise<string> {
  const last = animalMessages(page, animalName).last();
  await expect(last).toBeVisible({ timeout: 20_000 });
  await expect(last.getByText(`${animalName} is answering`)).toHaveCount(0, { timeout: 20_000 });
  const text = ((await last.locator('p').nth(1).textContent()) ?? '').trim();
  expect(text.length).toBeGreaterThan(0);
  return text;
}

/** Types a question in a room's question box once it can be sent, and sends it. */
export async function askInRoom(page: Page, animalName: string, question: string): Promise<void> {
  const box = page.getByRole('textbox', { name: `Your question for ${animalName}` });
  const send = page.getByRole('button', { name: 'Ask', exact: true });
  await expect(async () => {
    await box.fill(question);
    await expect(send).toBeEnabled({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await send.click();
}

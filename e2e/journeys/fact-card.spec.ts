import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import { openLogin, signIn } from '../support/auth.ts';
import { ask, chatPage, EN } from '../support/chat.ts';

test("a zookeeper adds a fact card to Leo's page and a visitor's next answer cites it", async ({
  page,
  browser,
}) => {
  const title = `Pumpkin toy ${Date.now().toString(36)}`;
  await openLogin(page, '/login?next=%2Fstaff%2Fanimals%2Fleo');
  await signIn(page, 'zookeeper@cmz.org');
  await expect(page).toHaveURL(/\/staff\/animals\/leo$/);
  const facts = page.getByRole('region', { name: 'Fact cards' });
  const cards = facts.getByRole('list', { name: 'Fact cards of Leo' });
  await expect(cards.getByText("From the zoo's content").first()).toBeVisible();

  // An empty card is refused in place.
  const form = facts.getByRole('form', { name: 'Add a fact card' });
  await form.getByRole('button', { name: 'Add card' }).click();
  await expect(form.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousA11yViolations(page, 'fact cards with an error');

  await form.getByLabel('Title').fill(title);
  await form
    .getByLabel('What Leo says')
    .fill(
      'My favourite toy is a giant pumpkin stuffed with frozen meat treats. I roll it for hours!',
    );
  await form.getByLabel('Keywords').fill('pumpkin, toy, favourite');
  await form.getByRole('button', { name: 'Add card' }).click();
  await expect(facts.getByText(`The card ${title} was added.`)).toBeVisible();
  await expect(cards.getByText(title, { exact: true })).toBeVisible();

  const visitorContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    await visitor.goto('/chat/leo');
    const chat = chatPage(visitor, 'Leo');
    await ask(chat, 'What is your favourite pumpkin toy?');
    const cited = chat.lastReply.getByRole('list', { name: EN.facts });
    await expect(cited.getByText(title)).toBeVisible({ timeout: 20_000 });
  } finally {
    await visitorContext.close();
    await cards.getByRole('button', { name: `Delete card ${title}` }).click();
    await facts.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(facts.getByText('The card was deleted.')).toBeVisible();
    await expect(cards.getByText(title, { exact: true })).toBeHidden();
  }
});

import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import { openLogin, signIn } from '../support/auth.ts';
import { ask, chatPage, EN } from '../support/chat.ts';

/**
 * The offline responder answers "What do you eat?" from Leo's diet card ("…lions eat animals like
 * zebras and wildebeest…"). A zookeeper forbids "zebras" with a NEVER rule on Leo's page; the
 * visitor's next answer has the word masked by the output filter.
 */
test("a zookeeper adds a NEVER rule to Leo and a visitor's next answer hides the word", async ({
  page,
  browser,
}) => {
  // Two answers and two axe scans of the long staff page: more than the default 30 s.
  test.setTimeout(90_000);
  const ruleText = 'Never talk about zebras.';
  await openLogin(page, '/login?next=%2Fstaff%2Fanimals%2Fleo');
  await signIn(page, 'zookeeper@cmz.org');
  await expect(page).toHaveURL(/\/staff\/animals\/leo$/);
  const rules = page.getByRole('region', { name: 'Zoo rules' });
  await expect(rules.getByText('No rules yet.')).toBeVisible();

  const visitorContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    await visitor.goto('/chat/leo');
    const chat = chatPage(visitor, 'Leo');
    await ask(chat, 'What do you eat?');
    await expect(chat.lastReply.getByRole('list', { name: EN.facts })).toBeVisible({
      timeout: 20_000,
    });
    await expect(chat.lastReplyText).toContainText('zebras');

    // An empty rule is refused in place, and so are keywords with spaces.
    const form = rules.getByRole('form', { name: 'Add a rule for Leo' });
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect(form.getByLabel('Rule', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await form.getByLabel('Rule', { exact: true }).fill(ruleText);
    await form.getByLabel('Words to hide').fill('zebras and more');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect(form.getByLabel('Words to hide')).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousA11yViolations(page, 'zoo rules with errors');

    await form.getByLabel('Kind of rule').selectOption({ label: 'Never' });
    await form.getByLabel('Words to hide').fill('zebras');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect(
      rules.getByText('The rule was added. Leo follows it from the next answer.'),
    ).toBeVisible();
    const list = rules.getByRole('list', { name: 'Zoo rules of Leo' });
    await expect(list.getByText(ruleText)).toBeVisible();
    await expect(list.getByText('Hidden words: zebras')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'zoo rules with a rule');

    await visitor.reload();
    const again = chatPage(visitor, 'Leo');
    await ask(again, 'What do you eat?');
    await expect(again.lastReply.getByRole('list', { name: EN.facts })).toBeVisible({
      timeout: 20_000,
    });
    await expect(again.lastReplyText).toContainText('******');
    await expect(again.lastReplyText).not.toContainText('zebras');
  } finally {
    await visitorContext.close();
    const list = rules.getByRole('list', { name: 'Zoo rules of Leo' });
    await list.getByRole('button', { name: `Remove the rule: ${ruleText}` }).click();
    await rules.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(rules.getByText('The rule was removed.')).toBeVisible();
    await expect(rules.getByText('No rules yet.')).toBeVisible();
  }
});

import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import { textOf } from '../support/chat.ts';

const languages = [
  {
    code: 'es',
    link: 'Español',
    homeTitle: 'Conoce a nuestros animales embajadores',
    chatWith: 'Chatear con Leo',
    input: 'Tu mensaje para Leo',
    send: 'Enviar',
    region: 'Conversación con Leo',
    question: '¿Qué comes?',
    // Spanish: the answer has Spanish letters or common Spanish words, and no CJK.
    looksRight: (text: string) =>
      /[áéíóúñ¿¡]|\b(soy|como|carne|mi|el|la|los)\b/i.test(text) && !/[\u4e00-\u9fff]/.test(text),
  },
  {
    code: 'zh',
    link: '中文',
    homeTitle: '认识我们的动物大使',
    chatWith: '和Leo聊天',
    input: '给Leo的消息',
    send: '发送',
    region: '和Leo的对话',
    question: '你吃什么？',
    // Chinese: mostly CJK characters.
    looksRight: (text: string) => (text.match(/[\u4e00-\u9fff]/g) ?? []).length >= 10,
  },
] as const;

async function switchLanguage(page: Page, link: string) {
  await page
    .getByRole('navigation', { name: /Language|Idioma|语言/ })
    .getByRole('link', { name: link })
    .click();
}

for (const language of languages) {
  test(`the site and Leo speak ${language.link}`, async ({ page }) => {
    await page.goto('/');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Meet our animal ambassadors' }),
    ).toBeVisible();
    // The switcher works through JS once hydrated (and as a plain ?lang= link before that).
    await switchLanguage(page, language.link);
    await expect(page.getByRole('heading', { level: 1, name: language.homeTitle })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', language.code);
    await expectNoSeriousA11yViolations(page, `home (${language.code})`);

    await page.getByRole('link', { name: language.chatWith }).click();
    await expect(page).toHaveURL(/\/chat\/leo$/);
    const input = page.getByRole('textbox', { name: language.input });
    const send = page.getByRole('button', { name: language.send, exact: true });
    await expect(async () => {
      await input.fill(language.question);
      await expect(send).toBeEnabled({ timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await send.click();

    const log = page.getByRole('region', { name: language.region });
    const reply = log
      .getByRole('listitem')
      .filter({ has: page.getByText('Leo', { exact: true }) })
      .last();
    // Finished: the fact cards appear (their list is labelled in the language too).
    await expect(reply.getByRole('list').getByRole('listitem').first()).toBeVisible({
      timeout: 20_000,
    });
    const answer = await textOf(reply.locator(':scope > div > p').first());
    expect(language.looksRight(answer), `answer in ${language.code}: ${answer}`).toBe(true);
    await expectNoSeriousA11yViolations(page, `chat with Leo (${language.code})`);
  });
}

test('switching language on the chat page keeps the chat and answers in the new language', async ({
  page,
}) => {
  await page.goto('/chat/leo');
  await switchLanguage(page, 'Español');
  await expect(page.getByRole('textbox', { name: 'Tu mensaje para Leo' })).toBeVisible();
  const input = page.getByRole('textbox', { name: 'Tu mensaje para Leo' });
  const send = page.getByRole('button', { name: 'Enviar', exact: true });
  await expect(async () => {
    await input.fill('¿Qué comes?');
    await expect(send).toBeEnabled({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await send.click();
  const reply = page
    .getByRole('region', { name: 'Conversación con Leo' })
    .getByRole('listitem')
    .filter({ has: page.getByText('Leo', { exact: true }) })
    .last();
  await expect(reply.getByRole('list', { name: 'Datos que usó esta respuesta' })).toBeVisible({
    timeout: 20_000,
  });
  const answer = await textOf(reply.locator(':scope > div > p').first());
  expect(languages[0].looksRight(answer), answer).toBe(true);
});

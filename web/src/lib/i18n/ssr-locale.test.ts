// Renders the BUILT app (web/build, via web/serve.ts) under concurrent requests in different
// languages and checks that every page came back entirely in its own language: the svelte-i18n
// SSR race (stack.md) must not happen. `npm test -w web` builds first.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '@cmz/engine/protocol';
import { defaultBuildDirectory, webExtension } from '../../../serve.ts';

const titles: Record<Locale, string> = {
  en: 'Meet our animal ambassadors',
  es: 'Conoce a nuestros animales embajadores',
  zh: '认识我们的动物大使',
};
const taglines: Record<Locale, string> = {
  en: 'I love honey',
  es: 'Me encanta la miel',
  zh: '我喜欢蜂蜜',
};

let server: Server;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(defaultBuildDirectory, 'handler.js'))) {
    throw new Error('web/build is missing: run `npm run build -w web` (npm test -w web does).');
  }
  const parts = await webExtension()({} as never);
  const app = express();
  for (const router of parts.routers ?? []) app.use(router);
  // A stand-in for the engine's animal list that answers after a random delay, so that renders
  // of different languages interleave.
  app.get('/engine/animals', (request, response) => {
    const locale = (request.query.locale as Locale) ?? 'en';
    setTimeout(
      () =>
        response.json({
          animals: [
            {
              id: 'bella',
              name: 'Bella',
              species: 'Bear',
              tagline: taglines[locale],
              emoji: '🐻',
              locales: ['en', 'es', 'zh'],
            },
          ],
        }),
      Math.random() * 25,
    );
  });
  app.get('/api/ping', (_request, response) => {
    response.json({ from: 'api' });
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

function expectOnly(html: string, locale: Locale) {
  expect(html).toContain(`<html lang="${locale}">`);
  expect(html).toContain(titles[locale]);
  expect(html).toContain(taglines[locale]);
  for (const other of Object.keys(titles) as Locale[]) {
    if (other === locale) continue;
    expect(html).not.toContain(titles[other]);
    expect(html).not.toContain(taglines[other]);
  }
}

describe('server rendering in the visitor’s language', () => {
  it('renders 90 concurrent pages, each in the language of its own cookie', async () => {
    const locales: Locale[] = Array.from(
      { length: 90 },
      (_, index) => (['en', 'es', 'zh'] as const)[index % 3] as Locale,
    );
    const pages = await Promise.all(
      locales.map(async (locale) => {
        const response = await fetch(`${base}/`, { headers: { cookie: `cmz_locale=${locale}` } });
        return { locale, status: response.status, html: await response.text() };
      }),
    );
    for (const page of pages) {
      expect(page.status).toBe(200);
      expectOnly(page.html, page.locale);
    }
  });

  it('falls back to Accept-Language, and ?lang= remembers the choice in the cookie', async () => {
    const accept = await fetch(`${base}/`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expectOnly(await accept.text(), 'zh');
    const chosen = await fetch(`${base}/?lang=es`, { headers: { cookie: 'cmz_locale=zh' } });
    expectOnly(await chosen.text(), 'es');
    expect(chosen.headers.get('set-cookie')).toMatch(/cmz_locale=es/);
  });

  it('renders the chat page and a localized 404 for an unknown animal', async () => {
    const chat = await fetch(`${base}/chat/bella`, { headers: { cookie: 'cmz_locale=es' } });
    const html = await chat.text();
    expect(chat.status).toBe(200);
    expect(html).toContain('Chatea con Bella');
    expect(html).toContain('aria-live="polite"');
    const missing = await fetch(`${base}/chat/unicorn`, { headers: { cookie: 'cmz_locale=zh' } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('我们还不认识这只动物。');
  });

  it('leaves the engine’s and REST layer’s paths alone', async () => {
    const api = await fetch(`${base}/api/ping`);
    expect(await api.json()).toEqual({ from: 'api' });
  });
});

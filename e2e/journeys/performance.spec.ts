import { expect, test } from '@playwright/test';
import { chatPage } from '../support/chat.ts';

/** Reports (never asserts) how fast /chat/bella loads in a fresh context. */
test('report: first load of /chat/bella', async ({ page }) => {
  await page.goto('/chat/bella', { waitUntil: 'load' });
  const chat = chatPage(page, 'Bella');
  // First reply-able state: hydrated and connected, so a typed question can be sent.
  await chat.input.fill('What do you eat?');
  await expect(chat.send).toBeEnabled();
  const ready = await page.evaluate(() => performance.now());
  const navigation = await page.evaluate(() => {
    const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      ttfb: entry.responseStart,
      domContentLoaded: entry.domContentLoadedEventEnd,
      load: entry.loadEventEnd,
      firstContentfulPaint: paint?.startTime,
      transferred: entry.transferSize,
    };
  });
  const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(value)} ms`);
  const report = [
    'first load of /chat/bella (navigation start = 0):',
    `  time to first byte        ${ms(navigation.ttfb)}`,
    `  first contentful paint    ${ms(navigation.firstContentfulPaint)}`,
    `  DOMContentLoaded          ${ms(navigation.domContentLoaded)}`,
    `  load event                ${ms(navigation.load)}`,
    `  first reply-able state    ≤ ${ms(ready)} (hydrated + socket joined; polled)`,
  ].join('\n');
  console.log(report);
  test.info().annotations.push({ type: 'performance', description: report });
});

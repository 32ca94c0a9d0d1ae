import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import { askInRoom, finishedAnswer, roomConversation, signInTo } from '../support/rooms.ts';

test.setTimeout(90_000);

test('a live room: two viewers upvote, the most voted question leads the queue, the moderator answers it', async ({
  browser,
}) => {
  const keeperContext = await browser.newContext();
  const firstContext = await browser.newContext();
  const secondContext = await browser.newContext();
  try {
    // A keeper opens a live room with Bella and lands on the moderator view.
    const keeper = await keeperContext.newPage();
    await signInTo(keeper, 'zookeeper@cmz.org', '/live/new');
    await keeper.getByLabel('Animal', { exact: true }).selectOption('bella');
    await keeper.getByRole('button', { name: 'Open the live room' }).click();
    await expect(keeper).toHaveURL(/\/live\/[A-Z0-9]+\/moderate$/);
    await expect(
      keeper.getByRole('heading', { level: 1, name: 'Moderating: live with Bella' }),
    ).toBeVisible();
    const viewerPath = new URL(keeper.url()).pathname.replace(/\/moderate$/, '');

    // The first viewer asks two questions.
    const first = await firstContext.newPage();
    await first.goto(viewerPath);
    await expect(first.getByRole('heading', { level: 1, name: 'Live with Bella' })).toBeVisible();
    await askInRoom(first, 'Bella', 'How big are you?');
    await expect(first.getByText(/Sent to the moderators/)).toBeVisible();
    await askInRoom(first, 'Bella', 'Do you like honey?');

    // The moderator approves both (they are then open for votes).
    const queue = keeper.getByRole('list', { name: 'Questions' });
    for (const text of ['How big are you?', 'Do you like honey?']) {
      const item = queue.getByRole('listitem').filter({ hasText: text });
      await item.getByRole('button', { name: 'Approve', exact: true }).click();
      await expect(item.getByRole('button', { name: 'Answer now' })).toBeVisible();
    }
    // Equal votes: the older question comes first.
    await expect(queue.getByRole('listitem').first()).toContainText('How big are you?');

    // A second viewer arrives and sees the approved questions; both upvote the honey question.
    const second = await secondContext.newPage();
    await second.goto(viewerPath);
    await expect(second.getByRole('heading', { level: 1, name: 'Live with Bella' })).toBeVisible();
    await expectNoSeriousA11yViolations(second, 'live viewer page');
    for (const page of [first, second]) {
      const honey = page.getByRole('button', {
        name: /^Upvote \(\d+ votes?\) ?: Do you like honey\?$/,
      });
      await expect(honey).toBeEnabled();
      await honey.click();
      await expect(
        page.getByRole('button', { name: /^You voted \(\d+ votes?\) ?: Do you like honey\?$/ }),
      ).toHaveAttribute('aria-pressed', 'true');
    }
    // One vote each: the second viewer's page shows 2 votes, and a second click counts nothing.
    const voted = second.getByRole('button', {
      name: /^You voted \(2 votes\) ?: Do you like honey\?$/,
    });
    await expect(voted).toBeVisible();
    await voted.click();
    await expect(voted).toBeVisible();

    // The most voted question now leads the moderator's queue; the moderator answers it.
    await expect(queue.getByRole('listitem').first()).toContainText('Do you like honey?');
    await expect(queue.getByRole('listitem').first()).toContainText('2 votes');
    await expectNoSeriousA11yViolations(keeper, 'moderator page');
    await queue.getByRole('listitem').first().getByRole('button', { name: 'Answer now' }).click();

    // Both viewers see the question and the streamed answer.
    for (const page of [first, second]) {
      await expect(
        roomConversation(page, 'Bella').getByText('Do you like honey?', { exact: true }),
      ).toBeVisible();
    }
    const answers = await Promise.all([first, second].map((page) => finishedAnswer(page, 'Bella')));
    expect(answers[0]).toBe(answers[1]);

    // Reactions are counted for everyone, in batches.
    await second.getByRole('button', { name: /^React 🐾/ }).click();
    for (const page of [first, second]) {
      await expect(page.getByRole('button', { name: 'React 🐾 (1 so far)' })).toBeVisible();
    }
  } finally {
    await Promise.all(
      [keeperContext, firstContext, secondContext].map((context) => context.close()),
    );
  }
});

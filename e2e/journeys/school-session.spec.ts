import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import {
  animalMessages,
  askInRoom,
  finishedAnswer,
  roomConversation,
  signInTo,
} from '../support/rooms.ts';

test.setTimeout(90_000);

test('a teacher and two students: join by code, a student asks, the teacher approves, everyone sees the answer', async ({
  browser,
}) => {
  const teacherContext = await browser.newContext();
  const firstContext = await browser.newContext();
  const secondContext = await browser.newContext();
  try {
    // The teacher opens a session with Bella, approval on.
    const teacher = await teacherContext.newPage();
    await signInTo(teacher, 'educator@cmz.org', '/teach');
    await expect(teacher.getByRole('heading', { level: 1, name: 'Class session' })).toBeVisible();
    await teacher.getByLabel('Animal', { exact: true }).selectOption('bella');
    await expect(
      teacher.getByRole('checkbox', { name: 'I approve questions before the animal answers' }),
    ).toBeChecked();
    await teacher.getByRole('button', { name: 'Open the session' }).click();
    await expect(
      teacher.getByRole('heading', { level: 1, name: 'Class session with Bella' }),
    ).toBeVisible();
    const code = ((await teacher.getByTestId('join-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    await expect(teacher.getByRole('img', { name: 'QR code of the join link' })).toBeVisible();
    await expect(teacher.getByRole('link', { name: /\/join\/[A-Z0-9]{6}$/ })).toBeVisible();
    await expect(teacher.getByRole('link', { name: 'Class screen' })).toBeVisible();
    await expectNoSeriousA11yViolations(teacher, 'teacher page');

    // A student types the code and a nickname.
    const first = await firstContext.newPage();
    await first.goto('/join');
    await first.getByLabel('Class code').fill(code.toLowerCase());
    await first.getByLabel('Nickname').fill('Brave Otter');
    await expect(first.getByRole('button', { name: 'Join', exact: true })).toBeEnabled();
    await first.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(
      first.getByRole('heading', { level: 1, name: 'Our class with Bella' }),
    ).toBeVisible();
    await expect(first.getByText('You are Brave Otter')).toBeVisible();

    // Another follows the link and lets the app pick a nickname.
    const second = await secondContext.newPage();
    await second.goto(`/join/${code}`);
    await expect(second.getByLabel('Class code')).toHaveValue(code);
    await expect(second.getByRole('button', { name: 'Pick a nickname for me' })).toBeEnabled();
    await second.getByRole('button', { name: 'Pick a nickname for me' }).click();
    await expect(
      second.getByRole('heading', { level: 1, name: 'Our class with Bella' }),
    ).toBeVisible();
    await expect(second.getByText(/^You are \S+/)).toBeVisible();
    await expectNoSeriousA11yViolations(second, 'student page');

    // The teacher sees both students.
    await expect(teacher.getByRole('heading', { name: '2 students' })).toBeVisible();
    await expect(teacher.getByRole('button', { name: 'Remove Brave Otter' })).toBeVisible();

    // The first student asks; the question waits for the teacher.
    await askInRoom(first, 'Bella', 'What do you eat?');
    await expect(first.getByText('Waiting for your teacher to say yes.')).toBeVisible();
    await expect(first.getByText('waiting for your teacher', { exact: false })).toHaveCount(2);

    // The teacher approves it from the queue.
    const queued = teacher
      .getByRole('list', { name: 'Questions' })
      .getByRole('listitem')
      .filter({ hasText: 'What do you eat?' });
    await expect(queued).toBeVisible();
    await expect(queued.getByText('Brave Otter', { exact: true })).toBeVisible();
    await queued.getByRole('button', { name: 'Approve', exact: true }).click();

    // Everyone sees the question with its asker, then Bella's answer streaming in.
    for (const page of [teacher, first, second]) {
      const log = roomConversation(page, 'Bella');
      await expect(log.getByText('What do you eat?', { exact: true })).toBeVisible();
      await expect(
        log
          .getByRole('listitem')
          .filter({ hasText: 'What do you eat?' })
          .getByText('Brave Otter', { exact: true }),
      ).toBeVisible();
    }
    const answers = await Promise.all(
      [teacher, first, second].map((page) => finishedAnswer(page, 'Bella')),
    );
    expect(new Set(answers).size).toBe(1);
    await expect(first.getByText('answered', { exact: false }).first()).toBeVisible();

    // After a reload (a reconnect) the student is still Brave Otter, with the conversation.
    await first.reload();
    await expect(first.getByText('You are Brave Otter')).toBeVisible();
    await expect(animalMessages(first, 'Bella')).toHaveCount(1);
    await expectNoSeriousA11yViolations(first, 'student page after the answer');
  } finally {
    await Promise.all(
      [teacherContext, firstContext, secondContext].map((context) => context.close()),
    );
  }
});

import { expect, test } from '@playwright/test';
import {
  ask,
  captureSocketEvents,
  chatPage,
  EN,
  named,
  recordedReplyTexts,
  recordReplyTexts,
  textOf,
  waitForLongerText,
} from '../support/chat.ts';

/**
 * `context.setOffline(true)` closes the open WebSocket in this Chromium (checked), so the page
 * sees a real drop; Socket.IO retries until the network is back, the session joins again and
 * resumes the reply from the join acknowledgement's `activeReply` snapshot. The replies keep
 * streaming on the server meanwhile (a disconnect never cancels a reply).
 */
test('the network drops mid-reply and the answer continues with no gap or repeat', async ({
  page,
  context,
}) => {
  const events = captureSocketEvents(page);
  await page.goto('/chat/bella');
  const chat = chatPage(page, 'Bella');
  await ask(
    chat,
    'What do you eat, where do you live, how old are you and what do you do all day?',
  );

  await recordReplyTexts(chat.log);
  const beforeDrop = await waitForLongerText(chat.lastReplyText, 0);
  await context.setOffline(true);
  // A quiet status (polite role=status, no alert): "Reconnecting…", or after a failed retry the
  // "we'll keep trying" line.
  await expect(chat.status).toHaveText(/Reconnecting…|We'll keep trying/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await context.setOffline(false);

  await expect(chat.status).toHaveText('');
  const facts = chat.lastReply.getByRole('list', { name: EN.facts });
  await expect(facts.getByRole('listitem').first()).toBeVisible();

  // The page rejoined on a second socket while the reply was still streaming…
  const rejoin = named(events, 'ack', 1).find((ack) => ack.body.conversationId !== undefined)?.body;
  const snapshot = rejoin?.activeReply as
    { replyId: string; seq: number; text: string } | undefined;
  expect(snapshot, 'the rejoin found the reply still streaming (resume forced)').toBeTruthy();
  const end = named(events, 'reply:end')[0]?.body;
  expect(end?.replyId).toBe(snapshot?.replyId);
  // …and the new socket carried exactly the words after the snapshot, in order.
  const resumedSeqs = named(events, 'reply:delta', 1).map((event) => Number(event.body.seq));
  const expectedSeqs = Array.from(
    { length: Number(end?.lastSeq) - Number(snapshot?.seq) },
    (_, i) => Number(snapshot?.seq) + 1 + i,
  );
  expect(resumedSeqs.filter((seq) => seq > Number(snapshot?.seq))).toEqual(expectedSeqs);

  // The text shown equals the server's final reply:end text and begins with what was shown before.
  const finalText = await textOf(chat.lastReplyText);
  expect(finalText).toBe(String(end?.text).trim());
  expect(finalText.startsWith(beforeDrop)).toBe(true);
  expect(finalText.startsWith(String(snapshot?.text).trim())).toBe(true);

  // Every text the bubble showed, before, during and after the drop, is a prefix of the final
  // text and none is shorter than the one before: words were only ever appended, never skipped
  // (gap) nor repeated at the resume point.
  const samples = (await recordedReplyTexts(page)).filter((sample) => sample.length > 0);
  expect(samples.length).toBeGreaterThan(2);
  for (const sample of samples)
    expect(finalText.startsWith(sample), `"${sample}" is a prefix`).toBe(true);
  for (let index = 1; index < samples.length; index += 1) {
    expect((samples[index] as string).length).toBeGreaterThanOrEqual(
      (samples[index - 1] as string).length,
    );
  }
  test.info().annotations.push({
    type: 'resume',
    description: `resumed from seq ${String(snapshot?.seq)} of ${String(end?.lastSeq)}; ${samples.length} texts observed`,
  });
});

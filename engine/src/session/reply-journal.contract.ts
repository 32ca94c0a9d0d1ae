/**
 * The behaviour every `ReplyJournal` must have, as a vitest suite that each implementation's
 * test file runs against its own journal.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  catchUpFrom,
  recordText,
  type JournalError,
  type ReplyJournal,
  type ReplyJournalOptions,
} from './reply-journal.ts';

/** Builds a fresh journal with the given limits (defaults for the rest). */
export type MakeReplyJournal = (
  options: Partial<ReplyJournalOptions>,
) => ReplyJournal | Promise<ReplyJournal>;

const lost: JournalError = {
  code: 'CMZ_ERR_REPLY_NODE_LOST',
  message: 'lost',
  temporary: true,
};

/** The value, or a failed test when it is missing. */
function present<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registers the shared contract tests for one journal implementation.
 *
 * @example
 * ```ts
 * describeReplyJournalContract('memory journal', (options) => createMemoryReplyJournal(options));
 * ```
 */
export function describeReplyJournalContract(name: string, makeJournal: MakeReplyJournal): void {
  describe(`${name}: ReplyJournal contract`, () => {
    const opened: ReplyJournal[] = [];
    const open = async (options: Partial<ReplyJournalOptions> = {}) => {
      const journal = await makeJournal(options);
      opened.push(journal);
      return journal;
    };
    // Fresh ids per test keep tests independent on a shared Redis without flushing it.
    const ids = () => ({
      replyId: `r_${randomUUID()}`,
      conversationId: `c_${randomUUID()}`,
      visitorId: `v_${randomUUID()}`,
      nodeId: `n_${randomUUID()}`,
    });
    const words = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ seq: index + 1, text: `w${index + 1} ` }));

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((journal) => journal.close()));
    });

    it('keeps a streaming reply as the active reply of its conversation', async () => {
      const journal = await open();
      const entry = ids();
      await journal.start(entry);
      for (const delta of words(3)) expect(await journal.append(entry.replyId, delta)).toBe(true);
      const active = await journal.activeReply(entry.conversationId);
      expect(active).toMatchObject({ ...entry, status: 'streaming', seq: 3 });
      expect(recordText(present(active))).toBe('w1 w2 w3 ');
      expect(await journal.activeReply(`c_${randomUUID()}`)).toBeNull();
    });

    it('keeps only the recent deltas and folds older ones into the snapshot', async () => {
      const journal = await open({ recentDeltas: 4 });
      const entry = ids();
      await journal.start(entry);
      for (const delta of words(10)) await journal.append(entry.replyId, delta);
      const record = present(await journal.read(entry.replyId));
      expect(record.deltas.map((delta) => delta.seq)).toEqual([7, 8, 9, 10]);
      expect(record.snapshotSeq).toBe(6);
      expect(record.snapshotText).toBe('w1 w2 w3 w4 w5 w6 ');
      expect(catchUpFrom(record, 8)).toEqual({
        deltas: [
          { seq: 9, text: 'w9 ' },
          { seq: 10, text: 'w10 ' },
        ],
      });
      expect(catchUpFrom(record, 6)).toEqual({ deltas: record.deltas });
      expect(catchUpFrom(record, 2)).toEqual({
        snapshot: {
          seq: 10,
          text: words(10)
            .map((delta) => delta.text)
            .join(''),
        },
      });
    });

    it('refuses an out-of-order append and is repaired by replace', async () => {
      const journal = await open();
      const entry = ids();
      await journal.start(entry);
      await journal.append(entry.replyId, { seq: 1, text: 'a ' });
      expect(await journal.append(entry.replyId, { seq: 3, text: 'c ' })).toBe(false);
      expect(await journal.replace(entry.replyId, { seq: 3, text: 'a b c ' })).toBe(true);
      expect(await journal.append(entry.replyId, { seq: 4, text: 'd ' })).toBe(true);
      const record = present(await journal.read(entry.replyId));
      expect(record.seq).toBe(4);
      expect(recordText(record)).toBe('a b c d ');
      expect(catchUpFrom(record, 3)).toEqual({ deltas: [{ seq: 4, text: 'd ' }] });
    });

    it('finishes only for the owning node and then stops being active', async () => {
      const journal = await open();
      const entry = ids();
      await journal.start(entry);
      await journal.append(entry.replyId, { seq: 1, text: 'hi' });
      expect(await journal.finish(entry.replyId, 'n_other', { status: 'complete' })).toBe(false);
      expect(await journal.finish(entry.replyId, entry.nodeId, { status: 'stopped' })).toBe(true);
      expect(await journal.finish(entry.replyId, entry.nodeId, { status: 'complete' })).toBe(false);
      expect(await journal.append(entry.replyId, { seq: 2, text: '!' })).toBe(false);
      expect(await journal.replace(entry.replyId, { seq: 2, text: 'hi!' })).toBe(false);
      expect(await journal.activeReply(entry.conversationId)).toBeNull();
      expect(await journal.read(entry.replyId)).toMatchObject({
        status: 'stopped',
        nodeId: '',
        seq: 1,
      });
      expect(await journal.read(`r_${randomUUID()}`)).toBeNull();
    });

    it('records the error a reply ended with', async () => {
      const journal = await open();
      const entry = ids();
      await journal.start(entry);
      const error: JournalError = { code: 'CMZ_ERR_LLM_STALLED', message: 'm', temporary: true };
      await journal.finish(entry.replyId, entry.nodeId, { status: 'error', error });
      expect(await journal.read(entry.replyId)).toMatchObject({ status: 'error', error });
    });

    it('forgets an ended reply after its time to live', async () => {
      const journal = await open({ ttlSeconds: 1 });
      const entry = ids();
      await journal.start(entry);
      await journal.finish(entry.replyId, entry.nodeId, { status: 'complete' });
      expect(await journal.read(entry.replyId)).not.toBeNull();
      await sleep(2_100);
      expect(await journal.read(entry.replyId)).toBeNull();
    });

    it('lets exactly one caller claim the streaming replies of a dead node', async () => {
      const journal = await open();
      const dead = ids();
      const alive = { ...ids(), nodeId: `n_${randomUUID()}` };
      await journal.heartbeat(dead.nodeId, 200);
      await journal.heartbeat(alive.nodeId, 60_000);
      await journal.start(dead);
      await journal.append(dead.replyId, { seq: 1, text: 'half ' });
      await journal.start(alive);
      const ended = { ...ids(), nodeId: dead.nodeId };
      await journal.start(ended);
      await journal.finish(ended.replyId, dead.nodeId, { status: 'complete' });
      expect(await journal.isAlive(dead.nodeId)).toBe(true);
      expect(await journal.claimOrphans(lost, alive.nodeId)).toEqual([]);
      await sleep(300);
      expect(await journal.isAlive(dead.nodeId)).toBe(false);
      // A node never claims its own replies.
      expect(await journal.claimOrphans(lost, dead.nodeId)).toEqual([]);
      const claims = await Promise.all([
        journal.claimOrphans(lost, alive.nodeId),
        journal.claimOrphans(lost, 'n_third'),
      ]);
      const orphans = claims.flat();
      expect(orphans).toHaveLength(1);
      expect(orphans[0]).toMatchObject({ replyId: dead.replyId, status: 'error', error: lost });
      expect(recordText(present(orphans[0]))).toBe('half ');
      expect(await journal.activeReply(dead.conversationId)).toBeNull();
      expect(await journal.finish(dead.replyId, dead.nodeId, { status: 'complete' })).toBe(false);
      expect((await journal.read(alive.replyId))?.status).toBe('streaming');
    });

    it('forgets a node that left on purpose', async () => {
      const journal = await open();
      const entry = ids();
      await journal.heartbeat(entry.nodeId, 60_000);
      await journal.leave(entry.nodeId);
      expect(await journal.isAlive(entry.nodeId)).toBe(false);
    });
  });
}

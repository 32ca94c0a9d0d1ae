import { describe, expect, it } from 'vitest';
import { createMemoryReplyJournal } from './memory-reply-journal.ts';
import { describeReplyJournalContract } from './reply-journal.contract.ts';

describeReplyJournalContract('memory journal', (options) => createMemoryReplyJournal(options));

describe('memory journal memory', () => {
  it('drops expired replies when the next reply starts', async () => {
    let now = 0;
    const journal = createMemoryReplyJournal({ ttlSeconds: 10, now: () => now });
    const entry = { conversationId: 'c1', visitorId: 'v1', nodeId: 'n1' };
    await journal.start({ ...entry, replyId: 'r1' });
    await journal.finish('r1', 'n1', { status: 'complete' });
    now = 11_000;
    await journal.start({ ...entry, replyId: 'r2' });
    now = 0; // even with the clock turned back, r1 is gone: it was pruned, not hidden
    expect(await journal.read('r1')).toBeNull();
    expect(await journal.read('r2')).not.toBeNull();
  });
});

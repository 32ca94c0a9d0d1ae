/**
 * The behaviour every `RoomStore` must have, as a vitest suite each implementation runs.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from './join-code.ts';
import type { QuestionRecord, RoomRecord, RoomStore } from './room-store.ts';

/** Builds a fresh store. */
export type MakeRoomStore = () => RoomStore | Promise<RoomStore>;

/**
 * A room record to open in tests (fresh ids).
 *
 * @example
 * ```ts
 * const room = await store.createRoom(testRoom('live'));
 * ```
 */
export function testRoom(kind: RoomRecord['kind'] = 'school'): Omit<RoomRecord, 'joinCode'> {
  return {
    roomId: `rm_${randomUUID()}`,
    kind,
    conversationId: `c_${randomUUID()}`,
    animalId: 'bella',
    locale: 'en',
    hostId: `v_${randomUUID()}`,
    approvalRequired: true,
    paused: false,
    ended: false,
    takeover: false,
    pace: { mode: 'manual', intervalSeconds: 30 },
    createdAt: new Date().toISOString(),
  };
}

function question(memberId: string, index: number): QuestionRecord {
  return {
    questionId: `q_${randomUUID()}`,
    memberId,
    author: `Member ${index}`,
    text: `question ${index}`,
    status: 'pending',
    mergedFrom: [],
    mergedAuthors: [],
    mergedMembers: [],
    clientQuestionId: `cq-${index}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(),
    queued: false,
  };
}

function member(nickname: string) {
  return {
    memberId: `rmm_${randomUUID()}`,
    nickname,
    visitorId: `v_${randomUUID()}`,
    joinedAt: new Date().toISOString(),
  };
}

/**
 * Registers the contract tests for one implementation.
 *
 * @example
 * ```ts
 * describeRoomStoreContract('memory', () => createMemoryRoomStore());
 * ```
 */
export function describeRoomStoreContract(name: string, makeStore: MakeRoomStore): void {
  describe(`${name}: RoomStore contract`, () => {
    const opened: RoomStore[] = [];
    const open = async () => {
      const store = await makeStore();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('opens rooms under unique readable codes and frees the code when a room ends', async () => {
      const store = await open();
      const rooms = await Promise.all(
        Array.from({ length: 40 }, () => store.createRoom(testRoom())),
      );
      const codes = new Set(rooms.map((room) => room.joinCode));
      expect(codes.size).toBe(40);
      for (const code of codes) {
        expect(code).toHaveLength(JOIN_CODE_LENGTH);
        for (const character of code) expect(JOIN_CODE_ALPHABET).toContain(character);
      }
      const first = rooms[0] as RoomRecord;
      expect((await store.findRoomByCode(first.joinCode))?.roomId).toBe(first.roomId);
      expect(await store.getRoom(first.roomId)).toEqual(first);
      expect((await store.endRoom(first.roomId))?.ended).toBe(true);
      expect(await store.findRoomByCode(first.joinCode)).toBeNull();
      expect((await store.getRoom(first.roomId))?.ended).toBe(true);
      expect(await store.endRoom('rm_unknown')).toBeNull();
      expect(await store.findRoomByCode('ZZZZZZ')).toBeNull();
    });

    it('updates pause, takeover, approval and pace', async () => {
      const store = await open();
      const room = await store.createRoom(testRoom('live'));
      const updated = await store.updateRoom(room.roomId, {
        paused: true,
        takeover: true,
        approvalRequired: false,
        pace: { mode: 'auto', intervalSeconds: 12 },
      });
      expect(updated).toMatchObject({
        paused: true,
        takeover: true,
        approvalRequired: false,
        pace: { mode: 'auto', intervalSeconds: 12 },
      });
      expect(await store.updateRoom('rm_unknown', { paused: true })).toBeNull();
    });

    it('admits members up to the cap, names viewers and removes members for good', async () => {
      const store = await open();
      const room = await store.createRoom(testRoom());
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, index) =>
          store.addMember(room.roomId, member(`Kid ${index}`), 3),
        ),
      );
      expect(results.filter((result) => result.status === 'added')).toHaveLength(3);
      expect(results.filter((result) => result.status === 'full')).toHaveLength(2);
      expect(await store.memberCount(room.roomId)).toBe(3);
      const members = await store.listMembers(room.roomId);
      const removedId = members[0]?.memberId as string;
      expect(await store.removeMember(room.roomId, removedId)).toBe(true);
      expect(await store.removeMember(room.roomId, removedId)).toBe(false);
      expect(await store.isRemoved(room.roomId, removedId)).toBe(true);
      expect(await store.getMember(room.roomId, removedId)).toBeNull();
      expect(await store.memberCount(room.roomId)).toBe(2);

      const live = await store.createRoom(testRoom('live'));
      const viewer = member('');
      const first = await store.addMember(live.roomId, viewer, null);
      const again = await store.addMember(live.roomId, { ...viewer, memberId: 'rmm_other' }, null);
      const second = await store.addMember(live.roomId, member(''), null);
      expect(first).toMatchObject({ status: 'added', member: { nickname: 'Viewer 1' } });
      expect(again).toMatchObject({ status: 'existing', member: { memberId: viewer.memberId } });
      expect(second).toMatchObject({ status: 'added', member: { nickname: 'Viewer 2' } });
      await store.endRoom(live.roomId);
      expect(await store.addMember(live.roomId, member('Late'), null)).toEqual({
        status: 'not-found',
      });
    });

    it('keeps moderators', async () => {
      const store = await open();
      const room = await store.createRoom(testRoom('live'));
      await store.addModerator(room.roomId, 'v_mod');
      await store.addModerator(room.roomId, 'v_mod');
      expect(await store.listModerators(room.roomId)).toEqual(['v_mod']);
    });

    it('stores questions idempotently and applies transitions only from the given states', async () => {
      const store = await open();
      const room = await store.createRoom(testRoom());
      const asked = question('rmm_a', 1);
      const first = await store.addQuestion(room.roomId, asked);
      const retry = await store.addQuestion(room.roomId, { ...asked, questionId: 'q_other' });
      expect(first.created).toBe(true);
      expect(retry).toMatchObject({ created: false, question: { questionId: asked.questionId } });
      expect(first.question).toMatchObject({ votes: 0, mergedFrom: [], status: 'pending' });
      expect((await store.findAsked(room.roomId, 'rmm_a', 'cq-1'))?.questionId).toBe(
        asked.questionId,
      );
      expect(await store.findAsked(room.roomId, 'rmm_a', 'cq-9')).toBeNull();
      const second = (await store.addQuestion(room.roomId, question('rmm_b', 2))).question;

      expect(
        await store.transitionQuestion(room.roomId, asked.questionId, {
          from: ['approved'],
          to: 'answered',
        }),
      ).toBeNull();
      const merged = await store.transitionQuestion(room.roomId, asked.questionId, {
        from: ['pending'],
        to: 'approved',
        text: 'edited question',
        merge: { ids: [second.questionId], authors: ['Member 2'], members: ['rmm_b'] },
        enqueue: true,
      });
      expect(merged).toMatchObject({
        status: 'approved',
        text: 'edited question',
        mergedFrom: [second.questionId],
        mergedAuthors: ['Member 2'],
        mergedMembers: ['rmm_b'],
        queued: true,
      });
      await store.transitionQuestion(room.roomId, asked.questionId, {
        from: ['approved'],
        enqueue: true,
      });
      await store.transitionQuestion(room.roomId, second.questionId, {
        from: ['pending'],
        to: 'approved',
        enqueue: true,
      });
      expect(await store.queueLength(room.roomId)).toBe(2);
      expect(await store.takeQueued(room.roomId)).toBe(asked.questionId);
      expect(await store.takeQueued(room.roomId)).toBe(second.questionId);
      expect(await store.takeQueued(room.roomId)).toBeNull();
      const listed = await store.listQuestions(room.roomId);
      expect(listed.map((entry) => entry.questionId)).toEqual([
        asked.questionId,
        second.questionId,
      ]);
      expect(
        await store.transitionQuestion(room.roomId, 'q_unknown', { from: ['pending'] }),
      ).toBeNull();
      expect(await store.getQuestion(room.roomId, 'q_unknown')).toBeNull();
    });

    it('counts one vote per member and question under concurrency', async () => {
      const store = await open();
      const room = await store.createRoom(testRoom('live'));
      const target = (await store.addQuestion(room.roomId, question('rmm_asker', 1))).question;
      const voters = Array.from({ length: 60 }, (_, index) => `rmm_${index}`);
      // Every member votes twice at once: exactly one of each pair counts.
      const results = await Promise.all(
        [...voters, ...voters].map((memberId) =>
          store.vote(room.roomId, target.questionId, memberId),
        ),
      );
      expect(results.filter((result) => result?.counted)).toHaveLength(60);
      expect((await store.getQuestion(room.roomId, target.questionId))?.votes).toBe(60);
      expect(await store.votedBy(room.roomId, 'rmm_3')).toEqual([target.questionId]);
      expect(await store.votedBy(room.roomId, 'rmm_nobody')).toEqual([]);
      await store.transitionQuestion(room.roomId, target.questionId, {
        from: ['pending'],
        to: 'answered',
      });
      expect(await store.vote(room.roomId, target.questionId, 'rmm_late')).toBeNull();
      expect(await store.vote(room.roomId, 'q_unknown', 'rmm_late')).toBeNull();
    });

    it('adds reaction counts of several nodes and gives each window to one sender', async () => {
      const store = await open();
      const room = await store.createRoom(testRoom('live'));
      await Promise.all([
        store.addReactions(room.roomId, 7, { '👍': 2, '❤️': 1 }),
        store.addReactions(room.roomId, 7, { '👍': 3 }),
        store.addReactions(room.roomId, 8, { '🐾': 1 }),
      ]);
      const claims = await Promise.all([
        store.claimReactions(room.roomId, 7),
        store.claimReactions(room.roomId, 7),
      ]);
      expect(claims.filter((claim) => claim !== null)).toEqual([{ '👍': 5, '❤️': 1 }]);
      expect(await store.claimReactions(room.roomId, 8)).toEqual({ '🐾': 1 });
      expect(await store.claimReactions(room.roomId, 9)).toBeNull();
    });

    it('keeps a transcript per room, in order, with every field', async () => {
      const store = await open();
      const room = await store.createRoom(testRoom());
      const other = await store.createRoom(testRoom());
      const question = {
        id: 'm_1',
        role: 'user' as const,
        text: 'Do bears sleep all winter?',
        createdAt: '2026-11-25T10:00:00.000Z',
        author: { kind: 'member' as const, name: 'Brave Otter' },
      };
      const answer = {
        id: 'm_2',
        role: 'assistant' as const,
        text: 'Mostly, yes!',
        createdAt: '2026-11-25T10:00:02.000Z',
        status: 'complete' as const,
        replyId: 'r_1',
      };
      await store.appendTranscript(room.roomId, [question]);
      await store.appendTranscript(room.roomId, [answer]);
      await store.appendTranscript(room.roomId, []);
      expect(await store.transcript(room.roomId)).toEqual([question, answer]);
      expect(await store.transcript(other.roomId)).toEqual([]);
    });

    it('grants a lease to one owner at a time', async () => {
      const store = await open();
      const room = await store.createRoom(testRoom());
      const claims = await Promise.all(
        ['a', 'b', 'c'].map((owner) => store.acquireLease(room.roomId, 'answer', owner, 5_000)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const owner = ['a', 'b', 'c'][claims.indexOf(true)] as string;
      expect(await store.renewLease(room.roomId, 'answer', owner, 5_000)).toBe(true);
      expect(await store.renewLease(room.roomId, 'answer', 'intruder', 5_000)).toBe(false);
      await store.releaseLease(room.roomId, 'answer', 'intruder');
      expect(await store.acquireLease(room.roomId, 'answer', 'intruder', 5_000)).toBe(false);
      await store.releaseLease(room.roomId, 'answer', owner);
      expect(await store.acquireLease(room.roomId, 'answer', 'next', 20)).toBe(true);
      expect(await store.acquireLease(room.roomId, 'pace', 'other', 20)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(await store.acquireLease(room.roomId, 'answer', 'after-expiry', 5_000)).toBe(true);
    });
  });
}

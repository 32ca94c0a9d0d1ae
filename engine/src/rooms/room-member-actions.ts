/**
 * The room actions of everyone: open a room (staff roles), join it, ask, vote, react and get a
 * nickname suggestion.
 *
 * @module
 */
import { EngineError } from '../errors/engine-error.ts';
import { newId } from '../pipeline/ids.ts';
import { REACTION_EMOJIS, type Locale } from '../protocol/events.ts';
import type {
  RoomAskAck,
  RoomJoinAck,
  RoomKind,
  RoomNicknameAck,
  RoomOpenAck,
  RoomQuestion,
  RoomVoteAck,
} from '../protocol/room-events.ts';
import type { RoomInboundPayload } from '../protocol/room-schema.ts';
import { moderateText } from '../safety/moderate-text.ts';
import { redactPersonalInfo } from '../safety/pii-redaction.ts';
import { recordText } from '../session/reply-journal.ts';
import { conversationRoom, type EngineSocket } from '../transport/socket-types.ts';
import { RoomContext, type RoomSession } from './room-context.ts';
import { checkNickname, friendlyNickname } from './nickname.ts';
import type { MemberRecord, QuestionRecord, RoomRecord } from './room-store.ts';
import { roomHostsRoom, roomMemberRoom, sortQuestions, toRoomQuestion } from './room-views.ts';

const openers: Record<RoomKind, ReadonlySet<string>> = {
  school: new Set(['educator', 'admin']),
  live: new Set(['zookeeper', 'admin']),
};

/**
 * The member-side room actions, bound to a context; `pump` starts answering a room's queue.
 *
 * @example
 * ```ts
 * const actions = createMemberActions(context, (roomId) => answers.pump(roomId));
 * await actions.open(socket, 'school', { animalId: 'bella' });
 * ```
 */
export function createMemberActions(context: RoomContext, pump: (roomId: string) => void) {
  const { store } = context;

  async function enter(socket: EngineSocket, room: RoomRecord, session: RoomSession) {
    const rooms = [
      conversationRoom(room.conversationId),
      roomMemberRoom(room.roomId, session.memberId),
    ];
    if (session.role !== 'member') rooms.push(roomHostsRoom(room.roomId));
    await socket.join(rooms);
    context.remember(socket.data, session);
  }

  async function admit(
    socket: EngineSocket,
    room: RoomRecord,
    payload: RoomInboundPayload<'room:join'>,
  ): Promise<{ member: MemberRecord; role: RoomSession['role'] }> {
    const visitorId = socket.data.visitor.visitorId;
    const staff = await context.roleOf(room, visitorId);
    if (staff !== null) {
      // Hosts and moderators are not members: they are not counted and never removed.
      const nickname = staff === 'host' ? 'Host' : 'Moderator';
      return {
        member: { memberId: visitorId, nickname, visitorId, joinedAt: room.createdAt },
        role: staff,
      };
    }
    const claimed = payload.memberToken ? context.options.tokens.verify(payload.memberToken) : null;
    if (claimed !== null && claimed.roomId === room.roomId) {
      if (await store.isRemoved(room.roomId, claimed.memberId)) {
        throw new EngineError('CMZ_ERR_ROOM_MEMBER_REMOVED');
      }
      const member = await store.getMember(room.roomId, claimed.memberId);
      if (member !== null) return { member, role: 'member' };
    }
    const nickname =
      room.kind === 'live'
        ? ''
        : await distinctNickname(
            room,
            payload.nickname === undefined || payload.nickname.trim() === ''
              ? undefined
              : checkNickname(payload.nickname, room.locale),
          );
    const added = await store.addMember(
      room.roomId,
      { memberId: newId('rmm'), nickname, visitorId, joinedAt: new Date().toISOString() },
      room.kind === 'school' ? context.options.schoolMaxMembers : null,
    );
    if (added.status === 'full') throw new EngineError('CMZ_ERR_ROOM_FULL');
    if (added.status === 'not-found') throw new EngineError('CMZ_ERR_ROOM_NOT_FOUND');
    context.options.batcher().queueChanged(room.roomId);
    return { member: added.member, role: 'member' };
  }

  // Two students with one name confuse a class: a generated nickname avoids the ones taken, a
  // typed one that is taken gets a number ("Maya 2"). Two joins at the same instant can still
  // collide; the teacher sees both and can tell them apart by their questions.
  async function distinctNickname(room: RoomRecord, typed: string | undefined): Promise<string> {
    const taken = new Set(
      (await store.listMembers(room.roomId)).map((member) => member.nickname.toLowerCase()),
    );
    let candidate = typed ?? friendlyNickname(room.locale);
    for (let attempt = 0; typed === undefined && attempt < 30; attempt += 1) {
      if (!taken.has(candidate.toLowerCase())) return candidate;
      candidate = friendlyNickname(room.locale);
    }
    const base = candidate;
    for (let number = 2; taken.has(candidate.toLowerCase()); number += 1) {
      candidate = `${base} ${number}`;
    }
    return candidate;
  }

  async function questionsFor(room: RoomRecord, memberId: string): Promise<RoomQuestion[]> {
    const questions = await store.listQuestions(room.roomId);
    const own = (question: QuestionRecord) =>
      question.memberId === memberId || question.mergedMembers.includes(memberId);
    const visible =
      room.kind === 'school'
        ? questions.filter(own)
        : questions.filter(
            (question) =>
              own(question) || question.status === 'approved' || question.status === 'answering',
          );
    return sortQuestions(room.kind, visible).map(toRoomQuestion);
  }

  function cleanQuestion(text: string, locale: Locale): string {
    const trimmed = text.trim();
    if (trimmed.length === 0) throw new EngineError('CMZ_ERR_MESSAGE_EMPTY');
    const max = context.options.maxQuestionLength;
    if (trimmed.length > max) throw new EngineError('CMZ_ERR_MESSAGE_TOO_LONG', { args: [max] });
    const redacted = redactPersonalInfo(trimmed).text;
    const verdict = moderateText(redacted, locale);
    // Self-harm is not refused: it reaches a trusted adult (the teacher) or a caring answer.
    if (!verdict.allowed && !verdict.categories.includes('self-harm')) {
      throw new EngineError('CMZ_ERR_SAFETY_INPUT_BLOCKED', {
        details: { categories: verdict.categories },
      });
    }
    return redacted;
  }

  function memberSession(socket: EngineSocket, roomId: string): RoomSession {
    const session = context.session(socket.data, roomId);
    if (session === undefined || session.role !== 'member') {
      throw new EngineError(
        session === undefined ? 'CMZ_ERR_ROOM_NOT_FOUND' : 'CMZ_ERR_ROOM_FORBIDDEN',
      );
    }
    return session;
  }

  return {
    cleanQuestion,

    async open(
      socket: EngineSocket,
      kind: RoomKind,
      payload: RoomInboundPayload<'school:open'> & RoomInboundPayload<'live:open'>,
    ): Promise<RoomOpenAck> {
      if (!openers[kind].has(socket.data.visitor.role))
        throw new EngineError('CMZ_ERR_ROOM_FORBIDDEN');
      const animal = context.options.animals.getActive(payload.animalId);
      if (animal === undefined) {
        throw new EngineError('CMZ_ERR_SESSION_ANIMAL_NOT_FOUND', { args: [payload.animalId] });
      }
      const roomId = newId('rm');
      const locale = payload.locale ?? 'en';
      const conversation = await context.options.conversations.getOrCreateConversation({
        visitorId: RoomContext.roomVisitorId(roomId),
        animalId: animal.id,
        locale,
      });
      const room = await store.createRoom({
        roomId,
        kind,
        conversationId: conversation.id,
        animalId: animal.id,
        locale,
        hostId: socket.data.visitor.visitorId,
        approvalRequired: kind === 'live' ? true : (payload.approvalRequired ?? true),
        paused: false,
        ended: false,
        takeover: false,
        pace:
          kind === 'live' && payload.pace ? payload.pace : { mode: 'manual', intervalSeconds: 30 },
        createdAt: new Date().toISOString(),
      });
      const session: RoomSession = {
        roomId,
        kind,
        conversationId: conversation.id,
        memberId: socket.data.visitor.visitorId,
        nickname: 'Host',
        role: 'host',
      };
      await enter(socket, room, session);
      const [state, host] = await Promise.all([context.state(room), context.hostView(room)]);
      return { ok: true, room: state, host };
    },

    async join(
      socket: EngineSocket,
      payload: RoomInboundPayload<'room:join'>,
    ): Promise<RoomJoinAck> {
      const room = await store.findRoomByCode(payload.joinCode);
      if (room === null) throw new EngineError('CMZ_ERR_ROOM_NOT_FOUND');
      const { member, role } = await admit(socket, room, payload);
      const session: RoomSession = {
        roomId: room.roomId,
        kind: room.kind,
        conversationId: room.conversationId,
        memberId: member.memberId,
        nickname: member.nickname,
        role,
      };
      // In the rooms before history and journal are read, so nothing streamed after is missed.
      await enter(socket, room, session);
      const [history, active, questions, voted, state, host] = await Promise.all([
        context.options.conversations.listMessages(room.conversationId, 50),
        context.options.replies.journal.activeReply(room.conversationId),
        questionsFor(room, member.memberId),
        store.votedBy(room.roomId, member.memberId),
        context.state(room),
        role === 'member' ? Promise.resolve(undefined) : context.hostView(room),
      ]);
      return {
        ok: true,
        room: state,
        memberId: member.memberId,
        memberToken: context.options.tokens.issue(room.roomId, member.memberId),
        nickname: member.nickname,
        history,
        ...(active
          ? { activeReply: { replyId: active.replyId, text: recordText(active), seq: active.seq } }
          : {}),
        questions,
        votedQuestionIds: voted,
        ...(host ? { host } : {}),
      };
    },

    async ask(socket: EngineSocket, payload: RoomInboundPayload<'room:ask'>): Promise<RoomAskAck> {
      const session = memberSession(socket, payload.roomId);
      const earlier = await store.findAsked(
        payload.roomId,
        session.memberId,
        payload.clientQuestionId,
      );
      if (earlier !== null) {
        return {
          ok: true,
          question: toRoomQuestion(earlier),
          sentToAnimal: earlier.queued,
          duplicate: true,
        };
      }
      const room = await context.openRoom(payload.roomId);
      if (room.paused) throw new EngineError('CMZ_ERR_ROOM_PAUSED');
      if (await store.isRemoved(room.roomId, session.memberId)) {
        throw new EngineError('CMZ_ERR_ROOM_MEMBER_REMOVED');
      }
      const text = cleanQuestion(payload.text, room.locale);
      const decision = await context.options.questionLimiter.consume(
        `room-ask:${room.roomId}:${session.memberId}`,
      );
      if (!decision.allowed) {
        throw new EngineError('CMZ_ERR_MESSAGE_RATE_LIMITED', {
          retryAfterMs: decision.retryAfterMs,
        });
      }
      const direct = room.kind === 'school' && !room.approvalRequired;
      const { created, question } = await store.addQuestion(room.roomId, {
        questionId: newId('q'),
        memberId: session.memberId,
        author: session.nickname,
        text,
        status: 'pending',
        mergedFrom: [],
        mergedAuthors: [],
        mergedMembers: [],
        clientQuestionId: payload.clientQuestionId,
        createdAt: new Date().toISOString(),
        queued: false,
      });
      let current = question;
      if (created && direct) {
        current =
          (await store.transitionQuestion(room.roomId, question.questionId, {
            from: ['pending'],
            to: 'approved',
            enqueue: true,
          })) ?? question;
        pump(room.roomId);
      }
      context.options.batcher().queueChanged(room.roomId);
      return {
        ok: true,
        question: toRoomQuestion(current),
        sentToAnimal: current.queued,
        duplicate: !created,
      };
    },

    async vote(
      socket: EngineSocket,
      payload: RoomInboundPayload<'room:vote'>,
    ): Promise<RoomVoteAck> {
      const session = memberSession(socket, payload.roomId);
      if (await store.isRemoved(payload.roomId, session.memberId)) {
        throw new EngineError('CMZ_ERR_ROOM_MEMBER_REMOVED');
      }
      const result = await store.vote(payload.roomId, payload.questionId, session.memberId);
      if (result === null) throw new EngineError('CMZ_ERR_ROOM_QUESTION_NOT_FOUND');
      if (result.counted) {
        context.options.batcher().vote(payload.roomId, payload.questionId, result.votes);
        context.options.batcher().queueChanged(payload.roomId);
      }
      return { ok: true, questionId: payload.questionId, ...result };
    },

    react(socket: EngineSocket, payload: RoomInboundPayload<'room:react'>): { ok: true } {
      const session = context.session(socket.data, payload.roomId);
      if (session === undefined) throw new EngineError('CMZ_ERR_ROOM_NOT_FOUND');
      const emoji = REACTION_EMOJIS.find(
        (known) => known.replaceAll('\uFE0F', '') === payload.emoji.replaceAll('\uFE0F', ''),
      );
      if (emoji === undefined) {
        throw new EngineError('CMZ_ERR_PROTOCOL_INVALID_PAYLOAD', {
          args: ['room:react', 'emoji: not one of the reactions'],
        });
      }
      context.options.reactions().react(payload.roomId, emoji);
      return { ok: true };
    },

    nickname(payload: RoomInboundPayload<'room:nickname'>): RoomNicknameAck {
      return { ok: true, nickname: friendlyNickname(payload?.locale ?? 'en') };
    },
  };
}

/** The member-side actions. */
export type MemberActions = ReturnType<typeof createMemberActions>;

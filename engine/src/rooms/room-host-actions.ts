/**
 * The room actions of hosts and moderators: moderate the question queue, control the room
 * (pause, end, takeover, remove...), speak as the keeper, export the transcript.
 *
 * @module
 */
import { EngineError } from '../errors/engine-error.ts';
import { newId } from '../pipeline/ids.ts';
import type { ConversationMessage } from '../protocol/events.ts';
import type {
  RoomControlAck,
  RoomExportAck,
  RoomModerateAck,
  RoomSayAck,
} from '../protocol/room-events.ts';
import type { RoomInboundPayload } from '../protocol/room-schema.ts';
import { conversationRoom, type EngineSocket } from '../transport/socket-types.ts';
import type { RoomContext } from './room-context.ts';
import type { MemberActions } from './room-member-actions.ts';
import type { RoomPatch, RoomRecord, StoredQuestion } from './room-store.ts';
import { queueOf, roomMemberRoom, sortQuestions } from './room-views.ts';

type ModeratePayload = RoomInboundPayload<'room:moderate'>;
type ControlPayload = RoomInboundPayload<'room:control'>;

/**
 * The host-side room actions.
 *
 * @example
 * ```ts
 * const actions = createHostActions(context, memberActions, (roomId) => answers.pump(roomId));
 * ```
 */
export function createHostActions(
  context: RoomContext,
  members: MemberActions,
  pump: (roomId: string) => void,
) {
  const { store } = context;

  async function change(
    room: RoomRecord,
    questionId: string,
    transition: Parameters<typeof store.transitionQuestion>[2],
  ): Promise<StoredQuestion> {
    const question = await store.transitionQuestion(room.roomId, questionId, transition);
    if (question === null) throw new EngineError('CMZ_ERR_ROOM_QUESTION_NOT_FOUND');
    context.notifyQuestion(room.roomId, question);
    return question;
  }

  async function merge(room: RoomRecord, targetId: string, mergeIds: string[]): Promise<void> {
    const target = await store.getQuestion(room.roomId, targetId);
    if (target === null) throw new EngineError('CMZ_ERR_ROOM_QUESTION_NOT_FOUND');
    const merged = { ids: [] as string[], authors: [] as string[], members: [] as string[] };
    for (const id of mergeIds.filter((id) => id !== targetId)) {
      // A merged question leaves the queue (hidden); its asker is credited on the target.
      const question = await store.transitionQuestion(room.roomId, id, {
        from: ['pending', 'approved'],
        to: 'hidden',
      });
      if (question === null) continue;
      context.notifyQuestion(room.roomId, question);
      merged.ids.push(id);
      merged.authors.push(question.author);
      merged.members.push(question.memberId);
    }
    await change(room, targetId, { from: ['pending', 'approved'], merge: merged });
  }

  async function enqueueAll(room: RoomRecord, top: boolean): Promise<void> {
    const questions = await store.listQuestions(room.roomId);
    // Live: approved questions by votes; school: everything waiting, oldest first.
    const statuses = room.kind === 'live' ? ['approved'] : ['pending', 'approved'];
    const waiting = sortQuestions(
      room.kind,
      questions.filter((question) => statuses.includes(question.status) && !question.queued),
    );
    for (const question of top ? waiting.slice(0, 1) : waiting) {
      await change(room, question.questionId, {
        from: ['pending', 'approved'],
        to: 'approved',
        enqueue: true,
      });
    }
  }

  async function moderate(room: RoomRecord, payload: ModeratePayload): Promise<void> {
    switch (payload.action) {
      case 'approve': {
        const text =
          payload.text === undefined ? undefined : members.cleanQuestion(payload.text, room.locale);
        // Live approval publishes the question for votes; school approval sends it to the animal.
        await change(room, payload.questionId, {
          from: ['pending'],
          to: 'approved',
          ...(text === undefined ? {} : { text }),
          enqueue: room.kind === 'school',
        });
        return;
      }
      case 'reject':
      case 'hide':
        await change(room, payload.questionId, {
          from: ['pending', 'approved'],
          to: payload.action === 'reject' ? 'rejected' : 'hidden',
        });
        return;
      case 'answer':
        await change(room, payload.questionId, {
          from: ['pending', 'approved'],
          to: 'approved',
          enqueue: true,
        });
        return;
      case 'merge':
        await merge(room, payload.questionId, payload.mergeIds);
        return;
      default:
        await enqueueAll(room, payload.action === 'answer-top');
    }
  }

  async function removeMember(room: RoomRecord, memberId: string): Promise<void> {
    await store.removeMember(room.roomId, memberId);
    const io = context.options.io();
    const memberRoom = roomMemberRoom(room.roomId, memberId);
    // Through the adapter, so the member's sockets on every node hear it and leave.
    io?.to(memberRoom).emit('room:removed', { roomId: room.roomId });
    io?.in(memberRoom).socketsLeave([conversationRoom(room.conversationId), memberRoom]);
    context.options.batcher().queueChanged(room.roomId);
  }

  async function control(room: RoomRecord, payload: ControlPayload): Promise<RoomRecord> {
    const patches: Partial<Record<ControlPayload['action'], RoomPatch>> = {
      pause: { paused: true },
      resume: { paused: false },
      takeover: { takeover: true },
      handback: { takeover: false },
    };
    switch (payload.action) {
      case 'end':
        return (await store.endRoom(room.roomId)) ?? room;
      case 'remove':
        await removeMember(room, payload.memberId);
        return room;
      case 'approval':
        return (
          (await store.updateRoom(room.roomId, { approvalRequired: payload.approvalRequired })) ??
          room
        );
      case 'pace':
        return (await store.updateRoom(room.roomId, { pace: payload.pace })) ?? room;
      case 'add-moderator':
        await store.addModerator(room.roomId, payload.userId);
        return room;
      default:
        return (await store.updateRoom(room.roomId, patches[payload.action] ?? {})) ?? room;
    }
  }

  const hostOnly = new Set(['end', 'remove', 'add-moderator']);

  return {
    async moderate(socket: EngineSocket, payload: ModeratePayload): Promise<RoomModerateAck> {
      const room = await context.openRoom(payload.roomId);
      await context.requireStaff(room, socket.data);
      await moderate(room, payload);
      pump(room.roomId);
      const queue = queueOf(room.kind, await store.listQuestions(room.roomId));
      context.options.batcher().queueChanged(room.roomId);
      return { ok: true, queue };
    },

    async control(socket: EngineSocket, payload: ControlPayload): Promise<RoomControlAck> {
      const room = await context.openRoom(payload.roomId);
      await context.requireStaff(room, socket.data, hostOnly.has(payload.action));
      const updated = await control(room, payload);
      // Resuming, handing back or turning approval off may free waiting answers.
      if (!updated.paused && !updated.takeover && !updated.ended) pump(room.roomId);
      if (updated.ended) context.localRooms.delete(room.roomId);
      return { ok: true, room: await context.broadcastState(updated) };
    },

    async say(socket: EngineSocket, payload: RoomInboundPayload<'room:say'>): Promise<RoomSayAck> {
      const room = await context.openRoom(payload.roomId);
      const role = await context.requireStaff(room, socket.data);
      if (!room.takeover) throw new EngineError('CMZ_ERR_ROOM_FORBIDDEN');
      const text = members.cleanQuestion(payload.text, room.locale);
      const conversations = context.options.conversations;
      const messageId = newId('m');
      const claim = await conversations.claimClientMessage(
        room.conversationId,
        `say:${payload.clientMessageId}`,
        { messageId, replyId: '' },
      );
      if (!claim.claimed) return { ok: true, messageId: claim.existing.messageId };
      const message: ConversationMessage = {
        id: messageId,
        role: 'assistant',
        text,
        createdAt: new Date().toISOString(),
        status: 'complete',
        clientMessageId: payload.clientMessageId,
        author: { kind: 'keeper', name: role === 'host' ? 'Keeper' : 'Moderator' },
      };
      await conversations.appendMessage(room.conversationId, message);
      await store.appendTranscript(room.roomId, [message]);
      context.options
        .io()
        ?.to(conversationRoom(room.conversationId))
        .emit('message:new', { conversationId: room.conversationId, message });
      return { ok: true, messageId };
    },

    async exportTranscript(
      socket: EngineSocket,
      payload: RoomInboundPayload<'room:export'>,
    ): Promise<RoomExportAck> {
      const room = await store.getRoom(payload.roomId);
      if (room === null) throw new EngineError('CMZ_ERR_ROOM_NOT_FOUND');
      await context.requireStaff(room, socket.data, true);
      const animal = context.animal(room);
      // The room's own transcript has the whole session; the conversation keeps only the last
      // messages the model needs (a room opened before transcripts existed falls back to it).
      const kept = await store.transcript(room.roomId);
      const messages =
        kept.length > 0
          ? kept
          : await context.options.conversations.listMessages(room.conversationId);
      const transcript = messages
        .map((message) => {
          const name =
            message.author?.name ?? (message.role === 'assistant' ? animal.name : 'Student');
          return `[${message.createdAt.slice(11, 16)}] ${name}: ${message.text}`;
        })
        .join('\n');
      return { ok: true, transcript, messages };
    },
  };
}

/** The host-side actions. */
export type HostActions = ReturnType<typeof createHostActions>;

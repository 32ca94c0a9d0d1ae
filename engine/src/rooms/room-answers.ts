/**
 * How an approved question reaches the animal: it becomes the user message of the room's
 * conversation (author: the asker, and every asker merged into it) and runs through the
 * `ReplyRunner` exactly like `message:send`: same moderation hooks, persona, knowledge, output
 * filter, journal and coalescing. Also the per-node tick that keeps queues moving and paces live
 * rooms (`auto`: the top approved question every `intervalSeconds`, one node per interval through
 * the room's `pace` lease).
 *
 * @module
 */
import { toPublicError } from '../errors/engine-error.ts';
import { RoomContext } from './room-context.ts';
import type { RoomRecord } from './room-store.ts';
import { sortQuestions } from './room-views.ts';

/**
 * Answers one queued question; resolves once the reply started, with `ended` (its end), or null
 * when it was skipped (hidden or rejected after it was queued, refused by a moderation hook).
 *
 * @example
 * ```ts
 * const accepted = await answerQuestion(context, 'rm_1', 'q_1');
 * await accepted?.ended;
 * ```
 */
export async function answerQuestion(
  context: RoomContext,
  roomId: string,
  questionId: string,
): Promise<{ ended: Promise<void> } | null> {
  const { store, options } = context;
  const room = await store.getRoom(roomId);
  if (room === null) return null;
  const question = await store.transitionQuestion(roomId, questionId, {
    from: ['approved'],
    to: 'answering',
  });
  if (question === null) return null;
  context.notifyQuestion(roomId, question);
  const settle = async (status: 'answered' | 'rejected') => {
    const settled = await store.transitionQuestion(roomId, questionId, {
      from: ['answering'],
      to: status,
    });
    if (settled !== null) context.notifyQuestion(roomId, settled);
  };
  try {
    const conversation = await options.conversations.getConversation(room.conversationId);
    if (conversation === null) throw new Error('the room conversation expired');
    const ack = await options.replies.send({
      visitor: {
        visitorId: RoomContext.roomVisitorId(roomId),
        role: room.kind === 'school' ? 'student' : 'visitor',
      },
      conversation,
      animal: context.animal(room),
      locale: room.locale,
      clientMessageId: `question-${questionId}`,
      text: question.text,
      roomType: room.kind,
      author: { kind: 'member', name: [question.author, ...question.mergedAuthors].join(', ') },
      // Askers were limited when they asked; answering a queue must not hit the send bucket.
      rateLimit: false,
    });
    const running = ack.duplicate ? undefined : options.replies.active.get(ack.replyId);
    const ended = (running?.done ?? Promise.resolve()).then(async () => {
      // A duplicate was answered (and kept) before.
      if (!ack.duplicate) await keepInTranscript(context, room, ack.messageId, ack.replyId);
      await settle('answered');
    });
    return { ended };
  } catch (error) {
    // A moderation hook refused it (or the model setup failed): the asker learns it was not answered.
    options.logger.warn(
      { operation: 'room-answer', code: toPublicError(error).code, roomId },
      'room question not answered',
    );
    await settle('rejected');
    return null;
  }
}

// Copies the question and its answer from the conversation (which keeps only the last messages
// for the model) into the room's transcript, for the teacher's export. Failures cost only the
// export's completeness, never the answer.
async function keepInTranscript(
  context: RoomContext,
  room: RoomRecord,
  messageId: string,
  replyId: string,
): Promise<void> {
  try {
    const recent = await context.options.conversations.listMessages(room.conversationId, 6);
    const turn = recent.filter(
      (message) => message.id === messageId || (replyId !== '' && message.replyId === replyId),
    );
    await context.store.appendTranscript(room.roomId, turn);
  } catch (error) {
    context.options.logger.warn(
      { operation: 'room-transcript', code: toPublicError(error).code, roomId: room.roomId },
      'room transcript not updated',
    );
  }
}

/**
 * One tick of a node's room duties: pump the queue of each room it has sockets in (a queue left
 * by a dead node continues) and, for live rooms on `auto`, queue the top approved question once
 * per interval.
 *
 * @example
 * ```ts
 * setInterval(() => void roomTick(context, nodeId, (roomId) => answers.pump(roomId)), 1000);
 * ```
 */
export async function roomTick(
  context: RoomContext,
  nodeId: string,
  pump: (roomId: string) => void,
): Promise<void> {
  for (const roomId of [...context.localRooms.keys()]) {
    const room = await context.store.getRoom(roomId);
    if (room === null || room.ended) {
      context.localRooms.delete(roomId);
      continue;
    }
    if (room.paused || room.takeover) continue;
    if (await autoPaceDue(context, room, nodeId)) await queueTop(context, room);
    if ((await context.store.queueLength(roomId)) > 0) pump(roomId);
  }
}

async function autoPaceDue(
  context: RoomContext,
  room: RoomRecord,
  nodeId: string,
): Promise<boolean> {
  if (room.kind !== 'live' || room.pace.mode !== 'auto') return false;
  const questions = await context.store.listQuestions(room.roomId);
  if (!questions.some((question) => question.status === 'approved' && !question.queued))
    return false;
  // The lease lasts one interval: whichever node takes it answers, nobody else until it lapses.
  return context.store.acquireLease(room.roomId, 'pace', nodeId, room.pace.intervalSeconds * 1000);
}

async function queueTop(context: RoomContext, room: RoomRecord): Promise<void> {
  const questions = await context.store.listQuestions(room.roomId);
  const [top] = sortQuestions(
    room.kind,
    questions.filter((question) => question.status === 'approved' && !question.queued),
  );
  if (top === undefined) return;
  const queued = await context.store.transitionQuestion(room.roomId, top.questionId, {
    from: ['approved'],
    enqueue: true,
  });
  if (queued !== null) context.notifyQuestion(room.roomId, queued);
}

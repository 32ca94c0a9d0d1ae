/**
 * Test support: one question to an animal over Socket.IO, as the web client asks it (join, send,
 * wait for the whole reply), so REST tests can check what the engine does with their changes.
 *
 * @module
 */
import type { ErrorAck, JoinAck, SendAck } from '@cmz/engine/protocol';
import {
  connectClient,
  observeReplies,
  request,
  type ObservedReply,
} from '../../../engine/src/testing/socket-client.ts';
import type { RestTestServer } from './start-rest-test-server.ts';

/** What happened to one question: `ok` as the send's acknowledgement; a refused send has no reply. */
export type SocketQuestion =
  | { ok: true; join: JoinAck; sent: SendAck; reply: ObservedReply }
  | { ok: false; join: JoinAck; sent: ErrorAck; reply?: undefined };

/**
 * Asks `animalId` one question (as a guest, or as the user of `token`) and waits for the reply
 * to end or fail. The socket is closed before it returns.
 *
 * @example
 * ```ts
 * const { ok, reply } = await askOverSocket(rest, 'leo', 'What do you eat?');
 * if (ok) reply.end?.citations;
 * ```
 */
export async function askOverSocket(
  rest: RestTestServer,
  animalId: string,
  text: string,
  options: { token?: string } = {},
): Promise<SocketQuestion> {
  const { socket } = await connectClient(
    rest.server.url,
    options.token ? { token: options.token } : {},
  );
  try {
    const observer = observeReplies(socket);
    const join = (await request(socket, 'conversation:join', { animalId })) as JoinAck;
    const sent = (await request(socket, 'message:send', {
      conversationId: join.conversationId,
      clientMessageId: `question-${crypto.randomUUID()}`,
      text,
    })) as SendAck | ErrorAck;
    if (!sent.ok) return { ok: false, join, sent };
    return { ok: true, join, sent, reply: await observer.waitFor(sent.replyId) };
  } finally {
    socket.close();
  }
}

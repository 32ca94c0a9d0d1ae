/**
 * `setup()` helper of the shared-conversation scripts: with k6's blocking `k6/ws` API, connects
 * once, takes the guest token from `session:ready` and joins `leo`, so every VU can connect as
 * the same visitor and join the same conversation (today's only way to share one; the live rooms
 * of a later issue replace it).
 *
 * @module
 */
import ws from 'k6/ws';
import { decodePacket, socketIoUrl } from './socket-io-framing.ts';

/** What the VUs share. */
export interface SharedConversation {
  guestToken: string;
  conversationId: string;
}

/**
 * Creates the shared visitor and conversation on `baseUrl`.
 *
 * @example
 * ```ts
 * export function setup() { return createSharedConversation(__ENV.ENGINE_URL ?? 'http://127.0.0.1:3000'); }
 * ```
 */
export function createSharedConversation(baseUrl: string): SharedConversation {
  const shared: SharedConversation = { guestToken: '', conversationId: '' };
  ws.connect(socketIoUrl(baseUrl), {}, (socket) => {
    socket.on('message', (frame: string) => {
      if (frame.startsWith('0')) socket.send('40{"protocolVersion":1}');
      else if (frame === '2') socket.send('3');
      else if (frame.startsWith('4')) {
        const { type, data } = decodePacket(frame.slice(1));
        if (type === '2' && data[0] === 'session:ready') {
          shared.guestToken = (data[1] as { guestToken: string }).guestToken;
          socket.send(`421${JSON.stringify(['conversation:join', { animalId: 'leo' }])}`);
        } else if (type === '3') {
          shared.conversationId = (data[0] as { conversationId: string }).conversationId;
          socket.close();
        }
      }
    });
    socket.setTimeout(() => socket.close(), 10_000);
  });
  if (!shared.conversationId) throw new Error('could not create the shared conversation');
  return shared;
}

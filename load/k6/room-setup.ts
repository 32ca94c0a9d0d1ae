/**
 * `setup()` helper of the shared-room scripts (`class`, `live`): signs a seeded staff user in
 * through the REST layer (`POST /api/auth`; the node must run with it, e.g. `npm start`), then,
 * with k6's blocking `k6/ws` API, connects with that token and opens the room (`school:open` or
 * `live:open`). The VUs get the room id, the join code and the token (the live script's
 * moderator VU reuses it).
 *
 * @module
 */
import http from 'k6/http';
import ws from 'k6/ws';
import { decodePacket, socketIoUrl } from './socket-io-framing.ts';

/** What the VUs share. */
export interface OpenedRoom {
  token: string;
  roomId: string;
  joinCode: string;
}

/**
 * Signs `email` in (development password) and opens a room on `baseUrl`.
 *
 * @example
 * ```ts
 * export function setup() { return openRoom(engineUrls()[0], 'educator@cmz.org', 'school:open', { animalId: 'leo' }); }
 * ```
 */
export function openRoom(
  baseUrl: string,
  email: string,
  event: 'school:open' | 'live:open',
  payload: Record<string, unknown>,
): OpenedRoom {
  const signIn = http.post(
    `${baseUrl}/api/auth`,
    JSON.stringify({ email, password: __ENV.STAFF_PASSWORD ?? 'testpass123' }),
    { headers: { 'content-type': 'application/json' } },
  );
  const token = (signIn.json() as { token?: string } | null)?.token;
  if (signIn.status !== 200 || !token) throw new Error(`sign-in failed: HTTP ${signIn.status}`);
  const opened: OpenedRoom = { token, roomId: '', joinCode: '' };
  ws.connect(socketIoUrl(baseUrl), {}, (socket) => {
    socket.on('message', (frame: string) => {
      if (frame.startsWith('0')) socket.send(`40${JSON.stringify({ protocolVersion: 1, token })}`);
      else if (frame === '2') socket.send('3');
      else if (frame.startsWith('4')) {
        const { type, data } = decodePacket(frame.slice(1));
        if (type === '2' && data[0] === 'session:ready') {
          socket.send(`421${JSON.stringify([event, payload])}`);
        } else if (type === '3') {
          const ack = data[0] as { room?: { roomId: string }; host?: { joinCode: string } };
          opened.roomId = ack.room?.roomId ?? '';
          opened.joinCode = ack.host?.joinCode ?? '';
          // Closing the opener's socket leaves the room open (it lives in the store).
          socket.close();
        }
      }
    });
    socket.setTimeout(() => socket.close(), 10_000);
  });
  if (!opened.joinCode) throw new Error(`${event} failed`);
  return opened;
}

/**
 * Tracks one member's answers: every `reply:delta` must continue its reply's `seq` (merged deltas
 * start at `fromSeq`), and every reply must end once.
 *
 * @example
 * ```ts
 * const check = new AnswerCheck();
 * session.on('reply:delta', (event) => check.delta(event));
 * ```
 */
export class AnswerCheck {
  readonly #lastSeq = new Map<string, number>();
  readonly #ended = new Set<string>();
  gaps = 0;
  duplicates = 0;
  duplicateEnds = 0;

  /** Applies a delta; answers whether it was the reply's first. */
  delta(event: unknown): boolean {
    const { replyId, seq, fromSeq } = event as { replyId: string; seq: number; fromSeq?: number };
    const last = this.#lastSeq.get(replyId) ?? 0;
    if (seq <= last) {
      this.duplicates += 1;
      return false;
    }
    if ((fromSeq ?? seq) !== last + 1) this.gaps += 1;
    this.#lastSeq.set(replyId, seq);
    return last === 0;
  }

  /** Records a reply's end. */
  end(event: unknown): void {
    const { replyId } = event as { replyId: string };
    if (this.#ended.has(replyId)) this.duplicateEnds += 1;
    this.#ended.add(replyId);
  }
}

/**
 * Socket.IO over k6's WebSocket, framed by hand: Engine.IO v4 packets (`0` open, `2` ping,
 * `3` pong, `4` message) carrying Socket.IO v5 packets (`0` connect, `2` event, `3` ack) for the
 * default namespace. Enough for the engine's protocol: connect with `auth`, emit with an ack,
 * listen to server events. No binary packets, no polling, no reconnection.
 *
 * @module
 */
import { WebSocket } from 'k6/websockets';

type Listener = (payload: unknown) => void;

/**
 * Turns `http://host:port` into the engine's WebSocket endpoint.
 *
 * @example
 * ```ts
 * socketIoUrl('http://127.0.0.1:3000'); // 'ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket'
 * ```
 */
export function socketIoUrl(base: string): string {
  return `${base.replace(/^http/, 'ws').replace(/\/$/, '')}/socket.io/?EIO=4&transport=websocket`;
}

/**
 * Splits a Socket.IO message packet (`2…` event or `3…` ack, without the Engine.IO `4`) into
 * its type, ack id and JSON array.
 *
 * @example
 * ```ts
 * decodePacket('312[{"ok":true}]'); // { type: '3', ackId: 12, data: [{ ok: true }] }
 * ```
 */
export function decodePacket(packet: string): { type: string; ackId?: number; data: unknown[] } {
  const type = packet.charAt(0);
  const match = /^(\d*)(.*)$/s.exec(packet.slice(1));
  const digits = match?.[1] ?? '';
  const body = match?.[2] ?? '';
  const data = body.startsWith('[') ? (JSON.parse(body) as unknown[]) : [];
  return digits === '' ? { type, data } : { type, ackId: Number(digits), data };
}

/**
 * One Socket.IO client session on a k6 WebSocket.
 *
 * @example
 * ```ts
 * const session = new SocketIoSession('http://127.0.0.1:3000', { protocolVersion: 1 });
 * session.on('session:ready', () => session.emit('conversation:join', { animalId: 'leo' }, (ack) => {}));
 * ```
 */
export class SocketIoSession {
  readonly socket: WebSocket;
  readonly #listeners = new Map<string, Listener[]>();
  readonly #acks = new Map<number, Listener>();
  #nextAckId = 0;
  connected = false;

  constructor(baseUrl: string, auth: Record<string, unknown>) {
    this.socket = new WebSocket(socketIoUrl(baseUrl));
    this.socket.addEventListener('message', (event) => {
      const text = String((event as { data?: unknown }).data ?? '');
      this.#onFrame(text, auth);
    });
  }

  /** Listens to a server event (`connect` fires on the Socket.IO connect answer). */
  on(event: string, listener: Listener): void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
  }

  /** Emits an event, with an acknowledgement callback when given. */
  emit(event: string, payload: unknown, ack?: Listener): void {
    let id = '';
    if (ack) {
      this.#nextAckId += 1;
      this.#acks.set(this.#nextAckId, ack);
      id = String(this.#nextAckId);
    }
    this.socket.send(`42${id}${JSON.stringify([event, payload])}`);
  }

  close(): void {
    this.socket.close();
  }

  #onFrame(frame: string, auth: Record<string, unknown>): void {
    const kind = frame.charAt(0);
    if (kind === '0') this.socket.send(`40${JSON.stringify(auth)}`);
    else if (kind === '2') this.socket.send('3');
    else if (kind === '4') this.#onPacket(frame.slice(1));
  }

  #onPacket(packet: string): void {
    const { type, ackId, data } = decodePacket(packet);
    if (type === '0') {
      this.connected = true;
      this.#fire('connect', undefined);
    } else if (type === '4') this.#fire('connect_error', data);
    else if (type === '2') this.#fire(String(data[0]), data[1]);
    else if (type === '3' && ackId !== undefined) {
      this.#acks.get(ackId)?.(data[0]);
      this.#acks.delete(ackId);
    }
  }

  #fire(event: string, payload: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }
}

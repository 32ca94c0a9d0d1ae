import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SERVER_DISCONNECT_JITTER_MS,
  reconnectAfterServerDisconnect,
  type ChatSocket,
} from './socket-client.ts';

/** The parts of a socket `reconnectAfterServerDisconnect` uses. */
function fakeSocket() {
  const listeners = new Map<string, ((...args: never[]) => void)[]>();
  const socket = {
    connect: vi.fn(),
    on(event: string, listener: (...args: never[]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return socket;
    },
    off(event: string, listener: (...args: never[]) => void) {
      listeners.set(
        event,
        (listeners.get(event) ?? []).filter((each) => each !== listener),
      );
      return socket;
    },
    fire(event: string, ...args: unknown[]) {
      for (const listener of listeners.get(event) ?? [])
        (listener as (...a: unknown[]) => void)(...args);
    },
    listeners,
  };
  return socket;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('reconnectAfterServerDisconnect', () => {
  it('reconnects after the delay a draining server announced', () => {
    vi.useFakeTimers();
    const socket = fakeSocket();
    reconnectAfterServerDisconnect(socket as unknown as ChatSocket);
    socket.fire('server:draining', { reconnectInMs: 700 });
    socket.fire('disconnect', 'io server disconnect');
    vi.advanceTimersByTime(699);
    expect(socket.connect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(socket.connect).toHaveBeenCalledTimes(1);
  });

  it('spreads unannounced server disconnects and leaves network drops to Socket.IO', () => {
    vi.useFakeTimers();
    const socket = fakeSocket();
    const stop = reconnectAfterServerDisconnect(socket as unknown as ChatSocket, () => 0.5);
    socket.fire('disconnect', 'transport close');
    vi.advanceTimersByTime(SERVER_DISCONNECT_JITTER_MS);
    expect(socket.connect).not.toHaveBeenCalled();
    socket.fire('disconnect', 'io server disconnect');
    vi.advanceTimersByTime(SERVER_DISCONNECT_JITTER_MS / 2);
    expect(socket.connect).toHaveBeenCalledTimes(1);
    stop();
    socket.fire('disconnect', 'io server disconnect');
    vi.advanceTimersByTime(SERVER_DISCONNECT_JITTER_MS);
    expect(socket.connect).toHaveBeenCalledTimes(1);
    expect([...socket.listeners.values()].every((list) => list.length === 0)).toBe(true);
  });
});

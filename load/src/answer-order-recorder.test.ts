import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { createAnswerOrderRecorder, formatAnswerOrder } from './answer-order-recorder.ts';

function fakeSocket(): EventEmitter & Socket {
  return new EventEmitter() as EventEmitter & Socket;
}

function ends(socket: EventEmitter, replyIds: string[]): void {
  for (const replyId of replyIds) socket.emit('reply:end', { replyId });
}

describe('createAnswerOrderRecorder', () => {
  it('counts members that got every answer once in the first member order', () => {
    const order = createAnswerOrderRecorder();
    const sockets = [fakeSocket(), fakeSocket(), fakeSocket(), fakeSocket(), fakeSocket()];
    for (const socket of sockets) order.attach(socket);
    ends(sockets[0] as EventEmitter, ['a', 'b', 'c']);
    ends(sockets[1] as EventEmitter, ['a', 'b', 'c']);
    ends(sockets[2] as EventEmitter, ['a', 'c', 'b']);
    ends(sockets[3] as EventEmitter, ['a', 'b', 'b', 'c']);
    ends(sockets[4] as EventEmitter, ['a', 'b']);
    const summary = order.summarize(3);
    expect(summary).toEqual({ complete: 2, members: 5, duplicated: 1, missing: 1, reordered: 2 });
    expect(formatAnswerOrder(summary, 3)).toBe(
      '2/5 got all 3 once, in order (1 with duplicates, 1 missing some, 2 in another order)',
    );
  });

  it('reports a clean run without a problem list', () => {
    const order = createAnswerOrderRecorder();
    const socket = fakeSocket();
    order.attach(socket);
    ends(socket, ['a']);
    expect(formatAnswerOrder(order.summarize(1), 1)).toBe('1/1 got all 1 once, in order');
  });
});

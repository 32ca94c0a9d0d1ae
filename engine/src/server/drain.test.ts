import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { JoinAck, ReplyDeltaEvent, SendAck } from '../protocol/events.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { connectClient, observeReplies, request } from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import { DrainGate } from './drain.ts';

function allowed(gate: DrainGate, url: string): boolean {
  let result = false;
  gate.allowRequest({ url } as IncomingMessage, (_error, success) => (result = success));
  return result;
}

describe('DrainGate', () => {
  it('refuses new handshakes only while draining, never a connected socket', () => {
    const gate = new DrainGate();
    expect(allowed(gate, '/socket.io/?EIO=4&transport=websocket')).toBe(true);
    gate.begin();
    expect(gate.draining).toBe(true);
    expect(allowed(gate, '/socket.io/?EIO=4&transport=websocket')).toBe(false);
    expect(allowed(gate, '/socket.io/?EIO=4&transport=polling&sid=abc')).toBe(true);
  });
});

describe('drainNode (in process)', () => {
  it('stops a reply still running at the deadline with a temporary error', async () => {
    const words = Array.from({ length: 100 }, (_, index) => `slow${index}`).join(' ');
    const server = await startTestServer({
      model: createScriptedModel(words, { delayMs: 50 }),
      environment: { SHUTDOWN_DEADLINE_MS: '200' },
    });
    const { socket } = await connectClient(server.url);
    const draining: number[] = [];
    socket.on('server:draining', (event) => draining.push(event.reconnectInMs));
    const observer = observeReplies(socket);
    const join = (await request(socket, 'conversation:join', { animalId: 'bella' })) as JoinAck;
    const firstDelta = new Promise<ReplyDeltaEvent>((resolve) =>
      socket.once('reply:delta', resolve),
    );
    const sent = (await request(socket, 'message:send', {
      conversationId: join.conversationId,
      clientMessageId: 'drain-in-process',
      text: 'Talk slowly',
    })) as SendAck;
    await firstDelta;
    const closed = server.close();
    const reply = await observer.waitFor(sent.replyId);
    await closed;
    expect(draining).toHaveLength(1);
    expect(reply.end).toBeUndefined();
    expect(reply.error).toMatchObject({ code: 'CMZ_ERR_ENGINE_SHUTTING_DOWN', temporary: true });
    expect(reply.error?.partialText).toBe(reply.deltas.map((delta) => delta.text).join(''));
    expect(server.drain.draining).toBe(true);
    socket.close();
  });
});

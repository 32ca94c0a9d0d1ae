import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareAck, SharedConversation } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { request } from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import { chatOnce, createVisitorSockets, joinAnimal } from './visitor-test-kit.ts';

const model = createScriptedModel('Sniff sniff! I love berries.');
let redis: TestRedisServer;
const servers: Record<'memory' | 'redis', RunningServer | undefined> = {
  memory: undefined,
  redis: undefined,
};

beforeAll(async () => {
  redis = await startRedisServer();
  const environment = { RATE_LIMIT_CAPACITY: '100' };
  servers.memory = await startTestServer({ model, environment });
  servers.redis = await startTestServer({
    model,
    environment: { ...environment, REDIS_URL: redis.url },
  });
});
afterAll(async () => {
  await servers.memory?.close();
  await servers.redis?.close();
  await redis.stop();
});

async function fetchShare(server: RunningServer, shareId: string) {
  const response = await fetch(`${server.url}/engine/shares/${shareId}`);
  return { response, body: (await response.json()) as Record<string, unknown> };
}

describe.each(['memory', 'redis'] as const)('share links (%s stores)', (kind) => {
  const server = () => servers[kind] as RunningServer;
  const visitors = createVisitorSockets(() => server().url);
  afterAll(() => visitors.closeAll());

  async function sharedConversation() {
    const owner = await visitors.connect();
    const join = await joinAnimal(owner.socket, 'bella');
    await chatOnce(owner.socket, join.conversationId, 'What do you eat?');
    const share = (await request(owner.socket, 'conversation:share', {
      conversationId: join.conversationId,
    })) as ShareAck;
    return { ...owner, join, share };
  }

  it('revokes the links of a conversation when it is deleted', async () => {
    const { socket, join, share } = await sharedConversation();
    expect((await fetchShare(server(), share.shareId)).response.status).toBe(200);
    expect(
      await request(socket, 'conversation:delete', { conversationId: join.conversationId }),
    ).toEqual({ ok: true, conversationId: join.conversationId });
    expect((await fetchShare(server(), share.shareId)).response.status).toBe(404);
  });

  it('shares a snapshot without any id, served read-only over HTTP', async () => {
    const { session, join, share } = await sharedConversation();
    expect(share).toEqual({
      ok: true,
      shareId: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      path: `/shared/${share.shareId}`,
    });
    const { response, body } = await fetchShare(server(), share.shareId);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('set-cookie')).toBeNull();
    const snapshot = body as unknown as SharedConversation;
    expect(snapshot.animal).toEqual({ name: 'Bella', species: join.animal.species, emoji: '🐻' });
    expect(snapshot.messages.map(({ role, text }) => ({ role, text }))).toEqual([
      { role: 'user', text: 'What do you eat?' },
      { role: 'assistant', text: 'Sniff sniff! I love berries.' },
    ]);
    for (const message of snapshot.messages) {
      expect(
        Object.keys(message).every((key) =>
          ['role', 'text', 'createdAt', 'citations'].includes(key),
        ),
      ).toBe(true);
    }
    const raw = JSON.stringify(body);
    for (const secret of [
      session.visitorId,
      join.conversationId,
      'replyId',
      'clientMessageId',
      '"id"',
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(Date.parse(snapshot.sharedAt)).not.toBeNaN();
  });

  it('keeps the snapshot unchanged when the conversation goes on', async () => {
    const { socket, join, share } = await sharedConversation();
    const before = await fetchShare(server(), share.shareId);
    await chatOnce(socket, join.conversationId, 'Where do you sleep?');
    const after = await fetchShare(server(), share.shareId);
    expect(after.body).toEqual(before.body);
  });

  it('redacts personal details from visitor messages again when sharing', async () => {
    const owner = await visitors.connect();
    const join = await joinAnimal(owner.socket, 'leo');
    // Stored directly, as if written before a redaction pattern existed.
    await server().stores.store.appendMessage(join.conversationId, {
      id: 'm_old',
      role: 'user',
      text: 'Write to me at kid@example.com',
      createdAt: new Date().toISOString(),
    });
    const share = (await request(owner.socket, 'conversation:share', {
      conversationId: join.conversationId,
    })) as ShareAck;
    const { body } = await fetchShare(server(), share.shareId);
    expect(JSON.stringify(body)).not.toContain('kid@example.com');
    expect((body as unknown as SharedConversation).messages[0]?.text).toBe(
      'Write to me at [email]',
    );
  });

  it('lets only the creator revoke; a revoked link answers 404', async () => {
    const { session, share } = await sharedConversation();
    const stranger = await visitors.connect();
    const notFound = { ok: false, code: 'CMZ_ERR_SHARE_NOT_FOUND' };
    const revoke = (socket: typeof stranger.socket) =>
      request(socket, 'share:revoke', { shareId: share.shareId });
    expect(await revoke(stranger.socket)).toMatchObject(notFound);
    expect((await fetchShare(server(), share.shareId)).response.status).toBe(200);
    // Another device of the same visitor may revoke it.
    const sameVisitor = await visitors.connect(session.guestToken);
    expect(await revoke(sameVisitor.socket)).toEqual({ ok: true, shareId: share.shareId });
    const { response, body } = await fetchShare(server(), share.shareId);
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({ code: 'CMZ_ERR_SHARE_NOT_FOUND', message: expect.any(String) });
    expect(await revoke(sameVisitor.socket)).toMatchObject(notFound);
  });

  it('answers 404 for unknown and malformed share ids', async () => {
    for (const shareId of ['AAAAAAAAAAAAAAAAAAAAAAAA', 'not..valid', '%F0%9F%90%BB']) {
      const { response, body } = await fetchShare(server(), shareId);
      expect(response.status).toBe(404);
      expect(body).toMatchObject({ code: 'CMZ_ERR_SHARE_NOT_FOUND' });
    }
  });

  it("does not let another visitor share someone else's conversation", async () => {
    const owner = await visitors.connect();
    const join = await joinAnimal(owner.socket, 'bella');
    const stranger = await visitors.connect();
    expect(
      await request(stranger.socket, 'conversation:share', { conversationId: join.conversationId }),
    ).toMatchObject({ ok: false, code: 'CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND' });
  });
});

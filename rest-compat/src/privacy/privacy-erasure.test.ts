import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, ReactionAck, SendAck, ShareAck } from '@cmz/engine/protocol';
import { createRedisClient } from '../../../engine/src/session/create-redis-client.ts';
import {
  startRedisServer,
  type TestRedisServer,
} from '../../../engine/src/testing/redis-server.ts';
import {
  connectClient,
  observeReplies,
  request,
} from '../../../engine/src/testing/socket-client.ts';
import { createDynamoClients } from '../persistence/dynamo-client.ts';
import { startEmbeddedDynamo } from '../persistence/embedded-dynamo.ts';
import { scanAll } from '../persistence/store-operations.ts';
import { resolveTableNames, type TableKey } from '../persistence/table-names.ts';
import { startRestTestServer, type RestTestServer } from '../testing/start-rest-test-server.ts';
import { erasedPseudonym } from './erased-pseudonym.ts';

// parent2's only child: erasing it touches no other test's data.
const child = 'user_test_student_003';
const childEmail = 'student3@test.cmz.org';
const parentEmail = 'parent2@test.cmz.org';

let redisServer: TestRedisServer;
let redis: Redis;
let dynamo: Awaited<ReturnType<typeof startEmbeddedDynamo>>;
let rest: RestTestServer;

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = createRedisClient(redisServer.url, { name: 'cmz-erasure-test' });
  dynamo = await startEmbeddedDynamo({});
  rest = await startRestTestServer({
    environment: { REDIS_URL: redisServer.url, DYNAMODB_ENDPOINT: dynamo.endpoint },
  });
});

afterAll(async () => {
  await rest?.close();
  redis?.disconnect();
  await redisServer?.stop();
  await dynamo?.close();
});

/** Every DynamoDB item that mentions one of `needles`, as `<table>: <item JSON>`. */
async function dynamoTraces(needles: readonly string[]): Promise<string[]> {
  const { document, client } = createDynamoClients({ endpoint: dynamo.endpoint });
  const names = resolveTableNames({});
  const found: string[] = [];
  for (const table of Object.keys(names) as TableKey[]) {
    for (const item of await scanAll(document, { TableName: names[table] })) {
      const json = JSON.stringify(item, (_key, value: unknown) =>
        value instanceof Set ? [...value] : value,
      );
      if (needles.some((needle) => json.includes(needle))) found.push(`${table}: ${json}`);
    }
  }
  client.destroy();
  return found;
}

/** Every Redis key whose name or value mentions one of `needles`. */
async function redisTraces(needles: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const key of await redis.keys('*')) {
    const type = await redis.type(key);
    const value =
      type === 'string'
        ? await redis.get(key)
        : type === 'hash'
          ? JSON.stringify(await redis.hgetall(key))
          : type === 'list'
            ? JSON.stringify(await redis.lrange(key, 0, -1))
            : type === 'set'
              ? JSON.stringify(await redis.smembers(key))
              : type === 'zset'
                ? JSON.stringify(await redis.zrange(key, '0', '-1'))
                : type;
    if (needles.some((needle) => key.includes(needle) || (value ?? '').includes(needle))) {
      found.push(key);
    }
  }
  return found;
}

async function chatAsChild(token: string) {
  const { socket } = await connectClient(rest.server.url, { token });
  const replies = observeReplies(socket);
  const join = (await request(socket, 'conversation:join', { animalId: 'leo' })) as JoinAck;
  const send = (await request(socket, 'message:send', {
    conversationId: join.conversationId,
    clientMessageId: 'erase-1',
    text: 'What do you eat?',
  })) as SendAck;
  const reply = await replies.waitFor(send.replyId);
  const reaction = (await request(socket, 'reaction:add', {
    conversationId: join.conversationId,
    messageId: reply.end?.assistantMessageId ?? '',
    emoji: '👍',
  })) as ReactionAck;
  const share = (await request(socket, 'conversation:share', {
    conversationId: join.conversationId,
  })) as ShareAck;
  socket.close();
  return { conversationId: join.conversationId, reaction, share };
}

describe('a privacy delete leaves nothing behind (DynamoDB and Redis)', () => {
  it('erases every trace of a child, keeps a pseudonymous audit entry and ends its tokens', async () => {
    const parent = await rest.signIn(parentEmail);
    const admin = await rest.signIn('test@cmz.org');
    const childToken = await rest.signIn(childEmail);
    // A daily limit makes the time-limit plugin meter the child's chat time in Redis.
    const limit = await rest.call('PUT', `/parental-controls/${child}`, {
      token: parent,
      body: { dailyLimitMinutes: 120 },
    });
    expect(limit.status).toBe(200);
    const chat = await chatAsChild(childToken);
    expect(chat.reaction).toMatchObject({ ok: true, reacted: true });
    expect(chat.share).toMatchObject({ ok: true });
    const turn = await rest.call('POST', '/convo_turn', {
      token: childToken,
      body: { animalId: 'bella', message: 'Where do you sleep?' },
    });
    expect(turn.status).toBe(200);
    const restSession = (turn.body as { sessionId: string }).sessionId;
    const context = await rest.call('PUT', `/api/v1/context/${child}`, {
      token: childToken,
      body: { extractedPreferences: { newInterests: ['big cats'] } },
    });
    expect(context.status).toBe(200);
    const summary = await rest.call('POST', `/api/v1/context/${child}/summary`, {
      token: childToken,
    });
    expect(summary.status).toBe(200);
    // Another product part writing analytics about the child (the table's UserIndex finds it).
    const { document, client } = createDynamoClients({ endpoint: dynamo.endpoint });
    await document.send(
      new PutCommand({
        TableName: resolveTableNames({}).conversationAnalytics,
        Item: {
          analyticsId: 'analytics_erase_1',
          userId: child,
          timestamp: '2025-01-01T00:00:00Z',
        },
      }),
    );
    client.destroy();
    // The parent looked at the child's data: an audit entry naming the child exists.
    expect(
      (await rest.call('GET', `/api/v1/privacy/children/user_test_parent_002`, { token: parent }))
        .status,
    ).toBe(200);

    const shareCreator = createHash('sha256').update(`cmz-share-creator:${child}`).digest('hex');
    const needles = [child, childEmail, shareCreator, chat.conversationId, restSession];
    const dynamoBefore = await dynamoTraces(needles);
    const redisBefore = await redisTraces(needles);
    // What existed before, so the check after is meaningful.
    for (const table of [
      'user: {', // the account
      'user: {"userId":"email#', // its email guard
      'user: {"userId":"parental-controls#',
      'family:',
      'session:',
      'conversation:',
      'userContext:',
      'privacyAudit:',
      'conversationAnalytics:',
    ]) {
      expect(
        dynamoBefore.some((line) => line.startsWith(table)),
        table,
      ).toBe(true);
    }
    for (const key of [
      `cmz:conv:${chat.conversationId}`,
      `cmz:conv:${chat.conversationId}:messages`,
      `cmz:conv:${chat.conversationId}:reactions`,
      `cmz:conv-list:${child}`,
      `cmz:conv-by-visitor:${child}:leo`,
      `cmz:share:${chat.share.shareId}`,
    ]) {
      expect(redisBefore, key).toContain(key);
    }
    expect(redisBefore.some((key) => key.startsWith('cmz:chat-time:'))).toBe(true);

    // A device of the child still connected when the parent deletes the account.
    const { socket: stillOpen } = await connectClient(rest.server.url, { token: childToken });
    const disconnected = new Promise<string>((resolve) => stillOpen.once('disconnect', resolve));
    const deleted = await rest.call('DELETE', `/api/v1/privacy/delete/${child}`, {
      token: parent,
      body: { confirmDeletion: true, reason: 'We are moving away' },
    });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(await disconnected).toBe('io server disconnect');
    expect(deleted.body).toMatchObject({
      itemsDeleted: { conversations: 2, contextEntries: 2 },
      auditLogEntry: expect.stringMatching(/^audit_/),
    });
    expect(
      (deleted.body as { itemsDeleted: { analyticsRecords: number } }).itemsDeleted
        .analyticsRecords,
    ).toBeGreaterThanOrEqual(2);

    expect(await dynamoTraces(needles)).toEqual([]);
    expect(await redisTraces(needles)).toEqual([]);

    // The audit log keeps the deletion, under the child's pseudonym.
    const audit = await rest.call(
      'GET',
      `/api/v1/privacy/audit?userId=${erasedPseudonym(child)}&actionType=DATA_DELETE`,
      { token: admin },
    );
    expect(audit.body).toMatchObject({
      totalCount: 1,
      auditEntries: [
        {
          userId: erasedPseudonym(child),
          parentId: 'user_test_parent_002',
          actionDetails: { reasonGiven: true, accountDeleted: true },
        },
      ],
    });
    expect(JSON.stringify(audit.body)).not.toContain('moving away');

    // The child's tokens stop working everywhere, and the account cannot sign in again.
    expect((await rest.call('GET', '/me', { token: childToken })).status).toBe(401);
    await expect(connectClient(rest.server.url, { token: childToken })).rejects.toThrow();
    const signIn = await rest.call('POST', '/auth', {
      body: { email: childEmail, password: 'testpass123' },
    });
    expect(signIn.status).toBe(401);
    // The parent's own tokens still work; repeating the deletion finds nothing.
    const again = await rest.call('DELETE', `/api/v1/privacy/delete/${child}`, {
      token: admin,
      body: { confirmDeletion: true },
    });
    expect(again.status).toBe(404);
  });
});

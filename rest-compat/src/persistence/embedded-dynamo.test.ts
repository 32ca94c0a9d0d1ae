import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClients } from './dynamo-client.ts';
import { startEmbeddedDynamo } from './embedded-dynamo.ts';
import { createRepositories } from './repositories.ts';
import { StoreUnavailable } from './persistence-errors.ts';
import { startTestStore } from './test-store.ts';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'cmz-dynamo-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('embedded dynamo', () => {
  it('keeps users, families, animals and turns across a restart on disk', async () => {
    const first = await startTestStore({ directory });
    const before = createRepositories({ document: first.document, tableNames: first.tableNames });
    const parent = await before.users.create({
      email: 'disk-parent@example.org',
      displayName: 'Disk Parent',
      role: 'parent',
    });
    const child = await before.users.create({
      email: 'disk-child@example.org',
      displayName: 'Disk Child',
      role: 'student',
    });
    const family = await before.families.create({
      familyName: 'Disk Family',
      parentIds: [parent.userId],
      studentIds: [child.userId],
    });
    const animal = await before.animals.create({ name: 'Disk Bear', species: 'Bear' });
    await before.animals.update(animal.animalId, { configuration: { temperature: 0.2 } });
    for (const role of ['user', 'assistant'] as const) {
      await before.conversations.appendTurn({
        sessionId: 'session_disk',
        userId: child.userId,
        animalId: animal.animalId,
        animalName: animal.name,
        role,
        content: `${role} says hi`,
      });
    }
    await before.featureFlags.patch({ voice: { enabled: true } });
    await first.close();

    const second = await startTestStore({ directory });
    try {
      const after = createRepositories({
        document: second.document,
        tableNames: second.tableNames,
      });
      expect((await after.users.getByEmail('disk-parent@example.org'))?.familyIds).toEqual([
        family.familyId,
      ]);
      expect(await after.families.get(family.familyId)).toEqual(family);
      expect(await after.animals.get(animal.animalId)).toMatchObject({
        version: 2,
        configuration: { temperature: 0.2 },
      });
      const history = await after.conversations.getHistory('session_disk');
      expect(history?.turns.map((turn) => turn.content)).toEqual([
        'user says hi',
        'assistant says hi',
      ]);
      expect((await after.featureFlags.get()).flags).toEqual({
        voice: { enabled: true, rollout: 1 },
      });
    } finally {
      await second.close();
    }
  });

  it('listens on a requested port, closes idempotently and reports a busy port', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const address = probe.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await expect(startEmbeddedDynamo({ port })).rejects.toThrow(/EADDRINUSE/);
    await new Promise((resolve) => probe.close(resolve));

    const dynamo = await startEmbeddedDynamo({ port });
    expect(dynamo.endpoint).toBe(`http://127.0.0.1:${port}`);
    const { client } = createDynamoClients({ endpoint: dynamo.endpoint });
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    await Promise.all([dynamo.close(), dynamo.close()]);
    client.destroy();
  });

  it('turns an unreachable store into StoreUnavailable', async () => {
    const store = await startTestStore();
    const repositories = createRepositories({
      document: store.document,
      tableNames: store.tableNames,
    });
    await store.close();
    const { document } = createDynamoClients({ endpoint: store.endpoint });
    const orphaned = createRepositories({ document, tableNames: store.tableNames });
    await expect(orphaned.users.get('user_x')).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(repositories.animals.list()).rejects.toBeInstanceOf(StoreUnavailable);
    document.destroy();
  });
});

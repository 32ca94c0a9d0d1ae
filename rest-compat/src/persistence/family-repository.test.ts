import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createFamilyRepository, type FamilyRepository } from './family-repository.ts';
import { ConditionFailed, InvalidReference, NotFound } from './persistence-errors.ts';
import { startTestStore, type TestStore } from './test-store.ts';
import { createUserRepository, type UserRepository } from './user-repository.ts';

let store: TestStore;
let users: UserRepository;
let families: FamilyRepository;
const ids: Record<string, string> = {};

beforeAll(async () => {
  store = await startTestStore();
  users = createUserRepository({ document: store.document, tableName: store.tableNames.user });
  families = createFamilyRepository({
    document: store.document,
    tableName: store.tableNames.family,
    users,
  });
  for (const [key, role] of [
    ['parentA', 'parent'],
    ['parentB', 'parent'],
    ['childA', 'student'],
    ['childB', 'student'],
    ['childC', 'student'],
  ] as const) {
    const user = await users.create({ email: `${key}@family.test`, displayName: key, role });
    ids[key] = user.userId;
  }
});
afterAll(() => store.close());

const familyIdsOf = async (userId: string | undefined) =>
  (await users.get(userId ?? ''))?.familyIds ?? [];

describe('family repository', () => {
  it('creates a family and links every member both ways', async () => {
    const family = await families.create(
      {
        familyName: 'Alpha',
        parentIds: [ids.parentA ?? ''],
        studentIds: [ids.childA ?? '', ids.childB ?? '', ids.childA ?? ''],
        address: { city: 'Issaquah', state: 'WA' },
      },
      { actorId: 'user_admin' },
    );
    expect(family.familyId).toMatch(/^family_[0-9a-f]{8}$/);
    expect(family.status).toBe('active');
    expect(family.studentIds).toEqual([ids.childA, ids.childB].sort());
    expect(await families.get(family.familyId)).toEqual(family);
    for (const member of [ids.parentA, ids.childA, ids.childB]) {
      expect(await familyIdsOf(member)).toEqual([family.familyId]);
    }
    expect((await families.listForUser(ids.childB ?? '')).map((item) => item.familyId)).toEqual([
      family.familyId,
    ]);
    expect(await families.listForUser(ids.childC ?? '')).toEqual([]);
  });

  it('rejects unknown and soft-deleted members without writing anything', async () => {
    const ghost = await users.create({
      email: 'ghost@family.test',
      displayName: 'G',
      role: 'student',
    });
    await users.softDelete(ghost.userId);
    const attempt = families.create({
      familyName: 'Broken',
      parentIds: [ids.parentB ?? ''],
      studentIds: ['user_nobody', ghost.userId],
    });
    await expect(attempt).rejects.toBeInstanceOf(InvalidReference);
    await expect(attempt).rejects.toMatchObject({
      missingIds: [ghost.userId, 'user_nobody'].sort(),
    });
    expect(await familyIdsOf(ids.parentB)).toEqual([]);
    expect((await families.list()).map((family) => family.familyName)).not.toContain('Broken');
  });

  it('refuses a duplicate family id', async () => {
    await families.create({
      familyId: 'family_fixed01',
      familyName: 'Fixed',
      parentIds: [ids.parentB ?? ''],
      studentIds: [ids.childC ?? ''],
    });
    await expect(
      families.create({
        familyId: 'family_fixed01',
        familyName: 'Again',
        parentIds: [ids.parentB ?? ''],
        studentIds: [ids.childC ?? ''],
      }),
    ).rejects.toBeInstanceOf(ConditionFailed);
  });

  it('updates members: links newcomers, unlinks leavers, rejects unknown newcomers', async () => {
    const family = await families.create({
      familyName: 'Beta',
      parentIds: [ids.parentB ?? ''],
      studentIds: [ids.childA ?? ''],
    });
    const updated = await families.update(
      family.familyId,
      { studentIds: [ids.childC ?? ''], status: 'pending', address: null, familyName: 'Beta Two' },
      { actorId: 'user_admin' },
    );
    expect(updated).toMatchObject({
      familyName: 'Beta Two',
      status: 'pending',
      studentIds: [ids.childC],
    });
    expect(updated.modified?.by).toEqual({ actorId: 'user_admin' });
    expect(await familyIdsOf(ids.childA)).not.toContain(family.familyId);
    expect(await familyIdsOf(ids.childC)).toContain(family.familyId);
    expect(await familyIdsOf(ids.parentB)).toContain(family.familyId);
    await expect(
      families.update(family.familyId, { parentIds: ['user_nobody'] }),
    ).rejects.toBeInstanceOf(InvalidReference);
    await expect(families.update('family_missing', { familyName: 'x' })).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it('repairs a missing link when the family is saved again (crash recovery)', async () => {
    const family = await families.create({
      familyName: 'Gamma',
      parentIds: [ids.parentA ?? ''],
      studentIds: [ids.childB ?? ''],
    });
    // Simulate a crash after the family write: the student's link never got written.
    await users.removeFamily(ids.childB ?? '', family.familyId);
    expect((await families.listForUser(ids.childB ?? '')).map((item) => item.familyId)).toContain(
      family.familyId,
    );
    await families.update(family.familyId, {});
    expect(await familyIdsOf(ids.childB)).toContain(family.familyId);
  });

  it('soft-deletes: hidden from reads, links removed, repeatable', async () => {
    const family = await families.create({
      familyName: 'Delta',
      parentIds: [ids.parentA ?? ''],
      studentIds: [ids.childC ?? ''],
    });
    await families.delete(family.familyId, { actorId: 'user_admin' });
    expect(await families.get(family.familyId)).toBeUndefined();
    expect(await families.get(family.familyId, { includeDeleted: true })).toMatchObject({
      softDelete: true,
      deleted: { by: { actorId: 'user_admin' } },
    });
    expect(await familyIdsOf(ids.parentA)).not.toContain(family.familyId);
    expect((await families.list()).map((item) => item.familyId)).not.toContain(family.familyId);
    expect(
      (await families.listForUser(ids.childC ?? '')).map((item) => item.familyId),
    ).not.toContain(family.familyId);
    await families.delete(family.familyId);
    await expect(families.delete('family_missing')).rejects.toBeInstanceOf(NotFound);
    await expect(families.update(family.familyId, { familyName: 'x' })).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it('tolerates hard-deleted members and erases a user from every family', async () => {
    const leaving = await users.create({
      email: 'leaving@family.test',
      displayName: 'L',
      role: 'student',
    });
    const family = await families.create({
      familyName: 'Epsilon',
      parentIds: [ids.parentB ?? ''],
      studentIds: [leaving.userId, ids.childA ?? ''],
    });
    await users.hardDelete(leaving.userId);
    // Editing still works although an old member no longer exists; unlinking it is a no-op.
    await families.update(family.familyId, { studentIds: [ids.childA ?? ''] });
    const again = await families.create({
      familyName: 'Zeta',
      parentIds: [ids.parentB ?? ''],
      studentIds: [ids.childA ?? ''],
    });
    expect(await families.removeMemberEverywhere(ids.childA ?? '')).toBeGreaterThanOrEqual(2);
    expect((await families.get(again.familyId))?.studentIds).toEqual([]);
    expect(await families.listForUser(ids.childA ?? '')).toEqual([]);
  });

  it('reads legacy items without status or softDelete as live and active', async () => {
    const family = await families.create({
      familyName: 'Legacy',
      parentIds: [ids.parentA ?? ''],
      studentIds: [ids.childB ?? ''],
    });
    await store.document.send(
      new UpdateCommand({
        TableName: store.tableNames.family,
        Key: { familyId: family.familyId },
        UpdateExpression: 'REMOVE #status, softDelete',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    expect(await families.get(family.familyId)).toMatchObject({
      status: 'active',
      softDelete: false,
    });
    const updated = await families.update(family.familyId, { familyName: 'Legacy Two' });
    expect(updated.familyName).toBe('Legacy Two');
  });
});

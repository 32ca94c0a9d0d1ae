import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionFailed, NotFound } from './persistence-errors.ts';
import { manualClock, startTestStore, type TestStore } from './test-store.ts';
import { createUserRepository, type UserRepository } from './user-repository.ts';

let store: TestStore;
let users: UserRepository;
const clock = manualClock('2025-03-01T10:00:00.000Z');

beforeAll(async () => {
  store = await startTestStore();
  users = createUserRepository({
    document: store.document,
    tableName: store.tableNames.user,
    clock,
  });
});
afterAll(() => store.close());

describe('user repository', () => {
  it('creates with a server id, lowercases the email and reads it back', async () => {
    const created = await users.create(
      { email: ' Ana@Example.ORG ', displayName: 'Ana', role: 'parent', phone: '+15550001' },
      { actorId: 'user_admin' },
    );
    expect(created.userId).toMatch(/^user_[0-9a-f]{12}$/);
    expect(created.email).toBe('ana@example.org');
    expect(created.created).toEqual({
      at: '2025-03-01T10:00:00.000Z',
      by: { actorId: 'user_admin' },
    });
    expect(await users.get(created.userId)).toEqual(created);
    expect(await users.getByEmail('ANA@example.org')).toEqual(created);
    expect(await users.getByEmail('nobody@example.org')).toBeUndefined();
    expect(await users.get('user_missing')).toBeUndefined();
  });

  it('lets exactly one of five concurrent creates with the same email succeed', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, index) =>
        users.create({ email: 'race@example.org', displayName: `Racer ${index}`, role: 'visitor' }),
      ),
    );
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(4);
    for (const result of rejected) {
      expect(result.reason).toBeInstanceOf(ConditionFailed);
      expect((result.reason as ConditionFailed).reason).toBe('email_taken');
    }
    const listed = await users.list({ query: 'race@' });
    expect(listed.total).toBe(1);
  });

  it('rejects a duplicate id without stealing the email of the first user', async () => {
    await users.create({
      userId: 'user_fixed',
      email: 'fixed@example.org',
      displayName: 'F',
      role: 'student',
    });
    const again = users.create({
      userId: 'user_fixed',
      email: 'other@example.org',
      displayName: 'Other',
      role: 'student',
    });
    await expect(again).rejects.toMatchObject({ reason: 'already_exists' });
    // The failed create released its claim, so the email is free again.
    const other = await users.create({
      email: 'other@example.org',
      displayName: 'O',
      role: 'visitor',
    });
    expect(other.email).toBe('other@example.org');
    await expect(
      users.create({ userId: 'email#x', email: 'x@example.org', displayName: 'X', role: 'user' }),
    ).rejects.toThrow(RangeError);
  });

  it('updates partially, moves the email claim and clears optional fields with null', async () => {
    const user = await users.create({
      email: 'move@example.org',
      displayName: 'Mover',
      role: 'visitor',
      phone: '+15550002',
      grade: '3',
    });
    clock.advance(1_000);
    const updated = await users.update(
      user.userId,
      { email: 'Moved@Example.org', phone: null, age: 9 },
      { actorId: 'user_admin' },
    );
    expect(updated).toMatchObject({
      email: 'moved@example.org',
      age: 9,
      grade: '3',
      displayName: 'Mover',
    });
    expect(updated.phone).toBeUndefined();
    expect(updated.modified?.at).toBe('2025-03-01T10:00:01.000Z');
    expect(await users.getByEmail('move@example.org')).toBeUndefined();
    expect((await users.getByEmail('moved@example.org'))?.userId).toBe(user.userId);
    // The old email is free again.
    await users.create({ email: 'move@example.org', displayName: 'New', role: 'visitor' });
    // Same email again is not a change; a taken email is refused and the user is unchanged.
    await users.update(user.userId, { email: 'moved@example.org', displayName: 'Still' });
    await expect(users.update(user.userId, { email: 'ana@example.org' })).rejects.toMatchObject({
      reason: 'email_taken',
    });
    await expect(users.update('user_missing', { displayName: 'x' })).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it('sets password hashes, soft-deletes (hidden) and hard-deletes (email freed)', async () => {
    const user = await users.create({
      email: 'gone@example.org',
      displayName: 'Gone',
      role: 'student',
    });
    await users.setPasswordHash(user.userId, '$2b$10$hash');
    expect((await users.get(user.userId))?.passwordHash).toBe('$2b$10$hash');
    await users.softDelete(user.userId, { actorId: 'user_admin' });
    expect(await users.get(user.userId)).toBeUndefined();
    expect(await users.getByEmail('gone@example.org')).toBeUndefined();
    const hidden = await users.get(user.userId, { includeDeleted: true });
    expect(hidden).toMatchObject({ softDelete: true, deleted: { by: { actorId: 'user_admin' } } });
    await expect(users.softDelete(user.userId)).rejects.toBeInstanceOf(NotFound);
    await expect(users.update(user.userId, { displayName: 'x' })).rejects.toBeInstanceOf(NotFound);
    expect((await users.list({ query: 'gone', includeDeleted: true })).total).toBe(1);
    expect((await users.list({ query: 'gone' })).total).toBe(0);
    // Soft delete keeps the email claimed; hard delete frees it.
    await expect(
      users.create({ email: 'gone@example.org', displayName: 'G', role: 'user' }),
    ).rejects.toBeInstanceOf(ConditionFailed);
    expect(await users.hardDelete(user.userId)).toBe(true);
    expect(await users.hardDelete(user.userId)).toBe(false);
    expect(await users.hardDelete('email#gone@example.org')).toBe(false);
    await users.create({ email: 'gone@example.org', displayName: 'G', role: 'user' });
    await expect(users.setPasswordHash('user_missing', 'h')).rejects.toBeInstanceOf(NotFound);
  });

  it('adds and removes family ids idempotently and refuses unknown users', async () => {
    const user = await users.create({
      email: 'fam@example.org',
      displayName: 'Fam',
      role: 'parent',
    });
    await users.addFamily(user.userId, 'family_b');
    await users.addFamily(user.userId, 'family_a');
    await users.addFamily(user.userId, 'family_a');
    expect((await users.get(user.userId))?.familyIds).toEqual(['family_a', 'family_b']);
    await users.removeFamily(user.userId, 'family_a');
    await users.removeFamily(user.userId, 'family_b');
    await users.removeFamily(user.userId, 'family_b');
    expect((await users.get(user.userId))?.familyIds).toEqual([]);
    await expect(users.addFamily('user_missing', 'family_a')).rejects.toBeInstanceOf(NotFound);
  });

  it('lists with a case-insensitive query, role filter and 1-based pages', async () => {
    for (const name of ['Zed Pager', 'amy pager', 'Bob Pager']) {
      await users.create({
        email: `${name.split(' ')[0]}@pager.org`,
        displayName: name,
        role: 'educator',
      });
    }
    const first = await users.list({ query: 'PAGER', role: 'educator', page: 1, pageSize: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((user) => user.displayName)).toEqual(['amy pager', 'Bob Pager']);
    const second = await users.list({ query: 'pager', role: 'educator', page: 2, pageSize: 2 });
    expect(second.items.map((user) => user.displayName)).toEqual(['Zed Pager']);
    expect((await users.list({ role: 'educator', query: 'nobody' })).total).toBe(0);
    const everything = await users.list();
    expect(everything.items.length).toBeLessThanOrEqual(20);
    expect(everything.items.every((user) => !user.userId.startsWith('email#'))).toBe(true);
  });

  it('takes over a dangling email claim only once it is stale', async () => {
    // Simulate a crash between the claim and the user write.
    await store.document.send(
      new PutCommand({
        TableName: store.tableNames.user,
        Item: {
          userId: 'email#crash@example.org',
          recordType: 'email-guard',
          guardOwner: 'user_crashed',
          claimedAt: clock().toISOString(),
        },
      }),
    );
    expect(await users.getByEmail('crash@example.org')).toBeUndefined();
    await expect(
      users.create({ email: 'crash@example.org', displayName: 'C', role: 'user' }),
    ).rejects.toMatchObject({ reason: 'email_taken' });
    clock.advance(61_000);
    // Several creators find the stale claim at once: the conditional take-over admits one.
    const results = await Promise.allSettled(
      Array.from({ length: 3 }, () =>
        users.create({ email: 'crash@example.org', displayName: 'C', role: 'user' }),
      ),
    );
    const winners = results.filter((result) => result.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const user = (winners[0] as PromiseFulfilledResult<{ userId: string }>).value;
    expect((await users.getByEmail('crash@example.org'))?.userId).toBe(user.userId);
  });

  it('backfills guards for users imported without them and reports duplicates', async () => {
    for (const [userId, email] of [
      ['user_legacy_1', 'Legacy@Example.org'],
      ['user_legacy_2', 'legacy@example.org'],
    ] as const) {
      await store.document.send(
        new PutCommand({
          TableName: store.tableNames.user,
          Item: { userId, email, displayName: 'Legacy', role: 'user' },
        }),
      );
    }
    const report = await users.backfillEmailGuards();
    expect(report).toEqual({ claimed: 1, conflicts: ['user_legacy_2'] });
    expect((await users.getByEmail('legacy@example.org'))?.userId).toBe('user_legacy_1');
    expect(await users.backfillEmailGuards()).toEqual({ claimed: 0, conflicts: ['user_legacy_2'] });
    // A legacy item without softDelete counts as live.
    const updated = await users.update('user_legacy_2', { displayName: 'Renamed' });
    expect(updated.softDelete).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bcrypt from 'bcryptjs';
import { createRepositories, type Repositories } from './repositories.ts';
import { seedDevelopmentData, seededCredentials, seededFamilies } from './seed.ts';
import { startTestStore, type TestStore } from './test-store.ts';

let store: TestStore;
let repositories: Repositories;
// Cost 4 keeps the test fast; the seed itself is cost-agnostic (production seeding uses 10).
const hashPassword = (password: string) => bcrypt.hash(password, 4);

beforeAll(async () => {
  store = await startTestStore();
  repositories = createRepositories({ document: store.document, tableNames: store.tableNames });
});
afterAll(() => store.close());

describe('development seed', () => {
  it('creates the documented users and families, with verifiable passwords', async () => {
    const result = await seedDevelopmentData(repositories, { hashPassword });
    expect(result.createdUsers).toHaveLength(seededCredentials.length);
    expect(result.createdFamilies).toEqual(['family_test_001', 'family_test_002']);
    const roles = new Set(seededCredentials.map((credential) => credential.role));
    for (const role of ['admin', 'zookeeper', 'educator', 'parent', 'student', 'visitor']) {
      expect(roles.has(role as never)).toBe(true);
    }
    for (const credential of seededCredentials) {
      const user = await repositories.users.getByEmail(credential.email);
      expect(user).toMatchObject({ userId: credential.userId, role: credential.role });
      expect(await bcrypt.compare(credential.password, user?.passwordHash ?? '')).toBe(true);
    }
    expect(
      seededCredentials.find((credential) => credential.email === 'test@cmz.org'),
    ).toMatchObject({
      role: 'admin',
      password: 'testpass123',
    });
    const familyOne = await repositories.families.get('family_test_001');
    expect(familyOne).toMatchObject({
      familyName: 'Test Family One',
      parentIds: ['user_test_parent_001'],
      studentIds: ['user_test_student_001', 'user_test_student_002'],
    });
    expect((await repositories.users.get('user_test_student_003'))?.familyIds).toEqual([
      'family_test_002',
    ]);
    expect(seededFamilies).toHaveLength(2);
  });

  it('changes nothing when run again, even after edits', async () => {
    await repositories.users.update('user_test_admin_001', { displayName: 'Renamed Admin' });
    const before = await repositories.users.list({ includeDeleted: true, pageSize: 100 });
    const again = await seedDevelopmentData(repositories, { hashPassword });
    expect(again).toEqual({ createdUsers: [], createdFamilies: [] });
    const after = await repositories.users.list({ includeDeleted: true, pageSize: 100 });
    expect(after).toEqual(before);
    expect((await repositories.users.get('user_test_admin_001'))?.displayName).toBe(
      'Renamed Admin',
    );
  });

  it('is safe when two seeders race', async () => {
    const fresh = await startTestStore();
    try {
      const raced = createRepositories({ document: fresh.document, tableNames: fresh.tableNames });
      const [left, right] = await Promise.all([
        seedDevelopmentData(raced, { hashPassword }),
        seedDevelopmentData(raced, { hashPassword }),
      ]);
      expect([...left.createdUsers, ...right.createdUsers].sort()).toEqual(
        seededCredentials.map((credential) => credential.userId).sort(),
      );
      expect((await raced.users.list({ pageSize: 100 })).total).toBe(seededCredentials.length);
      expect(await raced.families.list()).toHaveLength(2);
    } finally {
      await fresh.close();
    }
  });
});

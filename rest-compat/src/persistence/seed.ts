/**
 * Development and test data: the original system's documented mock users (API facts §2.5), one
 * user for each remaining role, and the two test families.
 *
 * These are DEVELOPMENT/TEST-ONLY credentials, published in the original repository; never seed
 * them into a production table.
 *
 * @module
 */
import type { Repositories } from './repositories.ts';
import { ConditionFailed } from './persistence-errors.ts';
import type { NewFamily } from './family-repository.ts';
import type { UserRole } from './user-record.ts';

/** One seeded login. */
export interface SeedCredential {
  userId: string;
  email: string;
  password: string;
  role: UserRole;
  displayName: string;
  userType?: 'none' | 'parent' | 'student';
}

const seedActor = { actorId: 'system:seed' };

// The original mock backend's password for every test user.
const testPassword = 'testpass123';

/** Every seeded user with its clear-text development password. */
export const seededCredentials: readonly SeedCredential[] = [
  { userId: 'user_test_admin_001', email: 'test@cmz.org', role: 'admin', displayName: 'Test User' },
  {
    userId: 'user_test_parent_001',
    email: 'parent1@test.cmz.org',
    role: 'parent',
    displayName: 'Test Parent One',
    userType: 'parent',
  },
  {
    userId: 'user_parent_001',
    email: 'user_parent_001@cmz.org',
    role: 'parent',
    displayName: 'Parent User 001',
    userType: 'parent',
  },
  {
    userId: 'user_test_student_001',
    email: 'student1@test.cmz.org',
    role: 'student',
    displayName: 'Test Student One',
    userType: 'student',
  },
  {
    userId: 'user_test_student_002',
    email: 'student2@test.cmz.org',
    role: 'student',
    displayName: 'Test Student Two',
    userType: 'student',
  },
  {
    userId: 'user_test_parent_002',
    email: 'parent2@test.cmz.org',
    role: 'parent',
    displayName: 'Test Parent Two',
    userType: 'parent',
  },
  {
    userId: 'user_test_student_003',
    email: 'student3@test.cmz.org',
    role: 'student',
    displayName: 'Test Student Three',
    userType: 'student',
  },
  {
    userId: 'user_zookeeper_001',
    email: 'zookeeper@cmz.org',
    role: 'zookeeper',
    displayName: 'Test Zookeeper',
  },
  {
    userId: 'user_educator_001',
    email: 'educator@cmz.org',
    role: 'educator',
    displayName: 'Test Educator',
  },
  {
    userId: 'user_visitor_001',
    email: 'visitor@cmz.org',
    role: 'visitor',
    displayName: 'Test Visitor',
  },
].map((user) => ({ ...user, password: testPassword }) as SeedCredential);

/** The two documented test families. */
export const seededFamilies: readonly (NewFamily & { familyId: string })[] = [
  {
    familyId: 'family_test_001',
    familyName: 'Test Family One',
    parentIds: ['user_test_parent_001'],
    studentIds: ['user_test_student_001', 'user_test_student_002'],
  },
  {
    familyId: 'family_test_002',
    familyName: 'Test Family Two',
    parentIds: ['user_test_parent_002'],
    studentIds: ['user_test_student_003'],
  },
];

/**
 * Seeds users and families that are missing; existing ones (matched by email or id) are left
 * exactly as they are, so re-running changes nothing.
 *
 * @example
 * ```ts
 * await seedDevelopmentData(repositories, { hashPassword: (password) => bcrypt.hash(password, 10) });
 * ```
 */
export async function seedDevelopmentData(
  repositories: Pick<Repositories, 'users' | 'families'>,
  options: { hashPassword: (password: string) => Promise<string> },
): Promise<{ createdUsers: string[]; createdFamilies: string[] }> {
  const { users, families } = repositories;
  const createdUsers: string[] = [];
  const createdFamilies: string[] = [];
  for (const { password, ...user } of seededCredentials) {
    const existing =
      (await users.getByEmail(user.email)) ??
      (await users.get(user.userId, { includeDeleted: true }));
    if (existing !== undefined) continue;
    const passwordHash = await options.hashPassword(password);
    if (await createIfAbsent(() => users.create({ ...user, passwordHash }, seedActor))) {
      createdUsers.push(user.userId);
    }
  }
  for (const family of seededFamilies) {
    if ((await families.get(family.familyId, { includeDeleted: true })) !== undefined) continue;
    if (await createIfAbsent(() => families.create(family, seedActor)))
      createdFamilies.push(family.familyId);
  }
  return { createdUsers, createdFamilies };
}

// Another process seeding at the same time wins the conditional write; that is fine.
async function createIfAbsent(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

/**
 * Part 1 of the REST operations in one record: auth, users and user details, families,
 * animals and their configuration, feature flags and the body stress test.
 *
 * @module
 */
import type { OperationHandlers } from '../http/operation-types.ts';
import { createAnimalOperations } from './animal-operations.ts';
import { createAuthOperations } from './auth-operations.ts';
import { createFamilyOperations } from './family-operations.ts';
import { createFeatureFlagOperations } from './feature-flag-operations.ts';
import type { Part1Dependencies } from './part1-dependencies.ts';
import { createTestOperations } from './test-operations.ts';
import { createUserOperations } from './user-operations.ts';

export type { Part1Dependencies } from './part1-dependencies.ts';

/**
 * Creates every part-1 handler.
 *
 * @example
 * ```ts
 * const handlers = {
 *   ...createPart1Operations({ repositories, authService, hasher, onAnimalChanged }),
 *   ...createSystemOperations(systemOptions),
 * };
 * ```
 */
export function createPart1Operations(dependencies: Part1Dependencies): OperationHandlers {
  return {
    ...createAuthOperations(dependencies),
    ...createUserOperations(dependencies),
    ...createFamilyOperations(dependencies),
    ...createAnimalOperations(dependencies),
    ...createFeatureFlagOperations(dependencies),
    ...createTestOperations(),
  };
}

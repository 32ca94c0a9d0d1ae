/**
 * What the part-1 handlers (auth, users, families, animals, feature flags) need from the server.
 *
 * @module
 */
import type { AuthService, PasswordHasher } from '../auth/index.ts';
import type { Repositories } from '../persistence/repositories.ts';

/** Dependencies of `createPart1Operations` and of each area's factory. */
export interface Part1Dependencies {
  repositories: Repositories;
  authService: AuthService;
  hasher: PasswordHasher;
  /**
   * Called after every successful animal write (create, update, delete, config patch). The
   * server refreshes the engine's persona on every node here, so the next reply uses the change.
   */
  onAnimalChanged: (animalId: string) => Promise<void>;
  /** The clock for response timestamps. @default () => new Date() */
  now?: () => Date;
}

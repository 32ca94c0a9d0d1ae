/**
 * The repositories the privacy features (export, erasure, audit log, parent overview) read and
 * write: named once, so the export and the erasure always cover the same stores.
 *
 * @module
 */
import type { Repositories } from '../persistence/repositories.ts';

/**
 * Every store that holds data about a user, plus the privacy audit log.
 *
 * @example
 * ```ts
 * const repositories: PrivacyRepositories = createRepositories(options);
 * ```
 */
export type PrivacyRepositories = Pick<
  Repositories,
  | 'users'
  | 'families'
  | 'conversations'
  | 'contexts'
  | 'parentalControls'
  | 'privacyAudit'
  | 'privacyTraces'
>;

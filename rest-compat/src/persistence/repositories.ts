/**
 * All repositories over one document client and one set of table names.
 *
 * @module
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAnimalRepository, type AnimalRepository } from './animal-repository.ts';
import type { Clock } from './audit.ts';
import { createAuthTokenRepository, type AuthTokenRepository } from './auth-token-repository.ts';
import {
  createConversationRepository,
  type ConversationRepository,
} from './conversation-repository.ts';
import { createFamilyRepository, type FamilyRepository } from './family-repository.ts';
import {
  createFeatureFlagRepository,
  type FeatureFlagRepository,
} from './feature-flag-repository.ts';
import {
  createParentalControlsRepository,
  type ParentalControlsRepository,
} from '../parental/parental-controls-repository.ts';
import { createKnowledgeRepository, type KnowledgeRepository } from './knowledge-repository.ts';
import type { TableNames } from './table-names.ts';
import { createUserRepository, type UserRepository } from './user-repository.ts';

/** Every repository the REST layer uses. */
export interface Repositories {
  users: UserRepository;
  families: FamilyRepository;
  animals: AnimalRepository;
  conversations: ConversationRepository;
  featureFlags: FeatureFlagRepository;
  authTokens: AuthTokenRepository;
  /** Knowledge articles; public ones about an animal become its fact cards. */
  knowledge: KnowledgeRepository;
  /** Daily chat-time limits, stored in the user table beside each child. */
  parentalControls: ParentalControlsRepository;
}

/**
 * Creates every repository.
 *
 * @example
 * ```ts
 * const { document } = createDynamoClients({ endpoint: dynamo.endpoint });
 * const repositories = createRepositories({ document, tableNames: resolveTableNames() });
 * ```
 */
export function createRepositories(options: {
  document: DynamoDBDocumentClient;
  tableNames: TableNames;
  clock?: Clock;
}): Repositories {
  const { document, tableNames, clock } = options;
  const shared = clock === undefined ? { document } : { document, clock };
  const users = createUserRepository({ ...shared, tableName: tableNames.user });
  return {
    users,
    families: createFamilyRepository({ ...shared, tableName: tableNames.family, users }),
    animals: createAnimalRepository({ ...shared, tableName: tableNames.animal }),
    conversations: createConversationRepository({
      ...shared,
      tableNames: { session: tableNames.session, conversation: tableNames.conversation },
    }),
    featureFlags: createFeatureFlagRepository({ ...shared, tableName: tableNames.featureFlags }),
    authTokens: createAuthTokenRepository({ ...shared, tableName: tableNames.authTokens }),
    knowledge: createKnowledgeRepository({ ...shared, tableName: tableNames.knowledge }),
    parentalControls: createParentalControlsRepository({ ...shared, tableName: tableNames.user }),
  };
}

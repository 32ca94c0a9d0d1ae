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
import { createGuardrailRepository, type GuardrailRepository } from './guardrail-repository.ts';
import { createContextRepository, type ContextRepository } from './context-repository.ts';
import {
  createPrivacyAuditRepository,
  type PrivacyAuditRepository,
} from './privacy-audit-repository.ts';
import type { TableNames } from './table-names.ts';
import {
  createPrivacyTraceRepository,
  type PrivacyTraceRepository,
} from '../privacy/privacy-traces.ts';
import { createMediaRepository, type MediaRepository } from './media-repository.ts';
import { createUsageRepository, type UsageRepository } from './usage-repository.ts';
import { createUserRepository, type UserRepository } from './user-repository.ts';
import { createAssistantRepository, type AssistantRepository } from './assistant-repository.ts';
import {
  createKnowledgeFileRepository,
  type KnowledgeFileRepository,
} from './knowledge-file-repository.ts';
import {
  createPersonalityRepository,
  type PersonalityRepository,
} from './personality-repository.ts';
import { createSandboxRepository, type SandboxRepository } from './sandbox-repository.ts';

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
  /** Rule and text guardrails (both kinds share the table). */
  guardrails: GuardrailRepository;
  /** What a visitor's conversations taught us (topics, lessons) and the summary archive. */
  contexts: ContextRepository;
  /** Who did what to whose data (privacy operations), ids only. */
  privacyAudit: PrivacyAuditRepository;
  /** A user's untyped traces (analytics records, audit-stamp actors, erasure markers). */
  privacyTraces: PrivacyTraceRepository;
  /** Model usage per day, animal and service (billing); no user ids. */
  usage: UsageRepository;
  /** Uploaded media metadata (the bytes are on disk). */
  media: MediaRepository;
  /** Live assistants (one per animal) and the versions of their configuration. */
  assistants: AssistantRepository;
  /** Reusable personality texts. */
  personalities: PersonalityRepository;
  /** Zookeepers' draft configurations. */
  sandboxes: SandboxRepository;
  /** Uploaded knowledge documents (their text becomes knowledge articles). */
  knowledgeFiles: KnowledgeFileRepository;
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
    guardrails: createGuardrailRepository({ ...shared, tableName: tableNames.guardrails }),
    contexts: createContextRepository({ ...shared, tableName: tableNames.userContext }),
    privacyAudit: createPrivacyAuditRepository({ ...shared, tableName: tableNames.privacyAudit }),
    privacyTraces: createPrivacyTraceRepository({ document, tableNames }),
    usage: createUsageRepository({ document, tableName: tableNames.conversationAnalytics }),
    media: createMediaRepository({ ...shared, tableName: tableNames.media }),
    assistants: createAssistantRepository({ ...shared, tableName: tableNames.animalAssistant }),
    personalities: createPersonalityRepository({ ...shared, tableName: tableNames.personality }),
    sandboxes: createSandboxRepository({ ...shared, tableName: tableNames.sandbox }),
    knowledgeFiles: createKnowledgeFileRepository({
      ...shared,
      tableName: tableNames.knowledgeFile,
    }),
  };
}

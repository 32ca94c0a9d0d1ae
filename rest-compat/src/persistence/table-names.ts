/**
 * Every DynamoDB table the product uses, with its default name (`quest-dev-*`, as in the original
 * stack) and the environment variable that overrides it. Original variable names are kept where
 * the original code had one; newer tables follow `<ENTITY>_DYNAMO_TABLE_NAME`.
 *
 * @module
 */

/** Logical table → default name and override variable. */
export const tableCatalog = {
  animal: { defaultName: 'quest-dev-animal', variable: 'ANIMAL_DYNAMO_TABLE_NAME' },
  user: { defaultName: 'quest-dev-user', variable: 'USER_DYNAMO_TABLE_NAME' },
  userDetails: { defaultName: 'quest-dev-user-details', variable: 'USER_DETAILS_TABLE_NAME' },
  family: { defaultName: 'quest-dev-family', variable: 'FAMILY_DYNAMO_TABLE_NAME' },
  /** Conversation turns (composite key: conversationId + turnKey). */
  conversation: {
    defaultName: 'quest-dev-conversation',
    variable: 'CONVERSATION_DYNAMO_TABLE_NAME',
  },
  /** Conversation session summaries (one item per session). */
  session: { defaultName: 'quest-dev-session', variable: 'CONVERSATION_SESSION_TABLE_NAME' },
  guardrails: { defaultName: 'quest-dev-guardrails', variable: 'GUARDRAILS_DYNAMO_TABLE_NAME' },
  animalAssistant: {
    defaultName: 'quest-dev-animal-assistant',
    variable: 'ASSISTANT_DYNAMO_TABLE_NAME',
  },
  personality: { defaultName: 'quest-dev-personality', variable: 'PERSONALITY_DYNAMO_TABLE_NAME' },
  /** Knowledge articles (`/knowledge_article`). */
  knowledge: {
    defaultName: 'quest-dev-knowledge',
    variable: 'KNOWLEDGE_ARTICLE_DYNAMO_TABLE_NAME',
  },
  /** Knowledge-base file metadata; the original `KNOWLEDGE_DYNAMO_TABLE_NAME` pointed here. */
  knowledgeFile: {
    defaultName: 'quest-dev-knowledge-file',
    variable: 'KNOWLEDGE_DYNAMO_TABLE_NAME',
  },
  sandbox: { defaultName: 'quest-dev-sandbox', variable: 'SANDBOX_DYNAMO_TABLE_NAME' },
  userContext: {
    defaultName: 'quest-dev-user-context',
    variable: 'USER_CONTEXT_DYNAMO_TABLE_NAME',
  },
  privacyAudit: {
    defaultName: 'quest-dev-privacy-audit',
    variable: 'PRIVACY_AUDIT_DYNAMO_TABLE_NAME',
  },
  contentValidation: {
    defaultName: 'quest-dev-content-validation',
    variable: 'CONTENT_VALIDATION_DYNAMO_TABLE_NAME',
  },
  conversationAnalytics: {
    defaultName: 'quest-dev-conversation-analytics',
    variable: 'CONVERSATION_ANALYTICS_DYNAMO_TABLE_NAME',
  },
  media: { defaultName: 'quest-dev-media', variable: 'MEDIA_DYNAMO_TABLE_NAME' },
  featureFlags: {
    defaultName: 'quest-dev-feature-flags',
    variable: 'FEATURE_FLAGS_DYNAMO_TABLE_NAME',
  },
  /** Revoked refresh/logout tokens and password-reset tokens. */
  authTokens: { defaultName: 'quest-dev-auth-tokens', variable: 'AUTH_TOKENS_DYNAMO_TABLE_NAME' },
  editingSessions: { defaultName: 'quest-dev-editing-sessions', variable: 'EDITING_SESSION_TABLE' },
} as const satisfies Record<string, { defaultName: string; variable: string }>;

/** A logical table name, e.g. `user`. */
export type TableKey = keyof typeof tableCatalog;

/** Resolved physical table names. */
export type TableNames = Record<TableKey, string>;

/**
 * Resolves every table name: the override variable when set and non-empty, else the default.
 *
 * @example
 * ```ts
 * resolveTableNames({ USER_DYNAMO_TABLE_NAME: 'prod-user' }).user; // 'prod-user'
 * resolveTableNames({}).family; // 'quest-dev-family'
 * ```
 */
export function resolveTableNames(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): TableNames {
  const names = {} as TableNames;
  for (const key of Object.keys(tableCatalog) as TableKey[]) {
    const { defaultName, variable } = tableCatalog[key];
    const override = environment[variable]?.trim();
    names[key] = override === undefined || override === '' ? defaultName : override;
  }
  return names;
}

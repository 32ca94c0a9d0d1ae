import { describe, expect, it } from 'vitest';
import { resolveTableNames, tableCatalog } from './table-names.ts';

describe('table names', () => {
  it('defaults every table to its quest-dev name', () => {
    const names = resolveTableNames({});
    expect(names).toMatchObject({
      animal: 'quest-dev-animal',
      user: 'quest-dev-user',
      userDetails: 'quest-dev-user-details',
      family: 'quest-dev-family',
      conversation: 'quest-dev-conversation',
      session: 'quest-dev-session',
      media: 'quest-dev-media',
      featureFlags: 'quest-dev-feature-flags',
      authTokens: 'quest-dev-auth-tokens',
      editingSessions: 'quest-dev-editing-sessions',
    });
    expect(Object.values(names).every((name) => name.startsWith('quest-dev-'))).toBe(true);
    expect(new Set(Object.values(names)).size).toBe(Object.keys(tableCatalog).length);
  });

  it('applies the original and the new override variables, ignoring blank ones', () => {
    const names = resolveTableNames({
      ANIMAL_DYNAMO_TABLE_NAME: 'prod-animal',
      USER_DYNAMO_TABLE_NAME: ' prod-user ',
      CONVERSATION_SESSION_TABLE_NAME: 'prod-session',
      AUTH_TOKENS_DYNAMO_TABLE_NAME: 'prod-auth',
      EDITING_SESSION_TABLE: 'prod-editing',
      FAMILY_DYNAMO_TABLE_NAME: '   ',
    });
    expect(names).toMatchObject({
      animal: 'prod-animal',
      user: 'prod-user',
      session: 'prod-session',
      authTokens: 'prod-auth',
      editingSessions: 'prod-editing',
      family: 'quest-dev-family',
    });
  });

  it('reads process.env by default', () => {
    expect(resolveTableNames().animal).toBe(
      process.env.ANIMAL_DYNAMO_TABLE_NAME?.trim() || 'quest-dev-animal',
    );
  });
});

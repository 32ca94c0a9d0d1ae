import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryTokenRevocations } from '../auth/token-revocations.ts';
import { createTokenService } from '../auth/token-service.ts';
import { createPrivacyAuditRepository } from '../persistence/privacy-audit-repository.ts';
import { startTestStore, type TestStore } from '../persistence/test-store.ts';
import { erasedPseudonym } from './erased-pseudonym.ts';
import { withErasedUserCheck } from './erased-user-tokens.ts';
import { createPrivacyTraceRepository, type PrivacyTraceRepository } from './privacy-traces.ts';

let store: TestStore;
let traces: PrivacyTraceRepository;

beforeAll(async () => {
  store = await startTestStore();
  traces = createPrivacyTraceRepository({ document: store.document, tableNames: store.tableNames });
});

afterAll(async () => {
  await store?.close();
});

const put = (table: keyof TestStore['tableNames'], item: Record<string, unknown>) =>
  store.document.send(new PutCommand({ TableName: store.tableNames[table], Item: item }));
const get = async (table: keyof TestStore['tableNames'], key: Record<string, unknown>) =>
  (await store.document.send(new GetCommand({ TableName: store.tableNames[table], Key: key })))
    .Item;

describe('privacy traces', () => {
  it('replaces an erased actor in audit stamps of every shape, and nothing else', async () => {
    const actor = 'user_erased_actor';
    const pseudonym = erasedPseudonym(actor);
    await put('family', {
      familyId: 'family_stamped',
      created: { at: '2025-01-01T00:00:00Z', by: { actorId: actor, email: 'a@example.org' } },
      modified: { at: '2025-01-02T00:00:00Z', by: { actorId: 'user_other' } },
    });
    await put('personality', {
      personalityId: 'personality_stamped',
      created: { at: '2025-01-01T00:00:00Z', by: actor },
    });
    await put('animal', {
      animalId: 'animal_untouched',
      created: { at: '2025-01-01T00:00:00Z', by: { actorId: 'user_other' } },
    });
    expect(await traces.scrubAuditStamps(actor, pseudonym)).toBe(2);
    expect(await get('family', { familyId: 'family_stamped' })).toMatchObject({
      created: { at: '2025-01-01T00:00:00Z', by: { actorId: pseudonym } },
      modified: { by: { actorId: 'user_other' } },
    });
    expect(JSON.stringify(await get('family', { familyId: 'family_stamped' }))).not.toContain(
      'a@example.org',
    );
    expect(await get('personality', { personalityId: 'personality_stamped' })).toMatchObject({
      created: { by: pseudonym },
    });
    expect(await get('animal', { animalId: 'animal_untouched' })).toMatchObject({
      created: { by: { actorId: 'user_other' } },
    });
    expect(await traces.scrubAuditStamps(actor, pseudonym)).toBe(0);
  });

  it('keeps retained analytics under the pseudonym, or deletes them', async () => {
    const userId = 'user_analytics';
    await put('conversationAnalytics', { analyticsId: 'a1', userId, timestamp: '2025-01-01' });
    await put('contentValidation', { validationId: 'v1', userId, timestamp: '2025-01-01' });
    expect(await traces.listAnalytics(userId)).toHaveLength(2);
    expect(await traces.pseudonymizeAnalytics(userId, erasedPseudonym(userId))).toBe(2);
    expect(await traces.listAnalytics(userId)).toEqual([]);
    expect(await traces.listAnalytics(erasedPseudonym(userId))).toHaveLength(2);
    expect(await traces.deleteAnalytics(erasedPseudonym(userId))).toBe(2);
    expect(await traces.listAnalytics(erasedPseudonym(userId))).toEqual([]);
  });

  it('pseudonymizes audit entries naming the user as subject, actor or parent', async () => {
    const audit = createPrivacyAuditRepository({
      document: store.document,
      tableName: store.tableNames.privacyAudit,
    });
    const base = { actorRole: 'parent', actionType: 'DATA_ACCESS', actionDetails: {} } as const;
    await audit.record({ ...base, userId: 'user_gone', actorId: 'user_p', parentId: 'user_p' });
    await audit.record({
      ...base,
      userId: 'user_kid',
      actorId: 'user_gone',
      parentId: 'user_gone',
    });
    await audit.record({ ...base, userId: 'user_kid', actorId: 'user_p', parentId: 'user_p' });
    expect(await audit.pseudonymize('user_gone', 'erased_x')).toBe(2);
    expect(await audit.list({ userId: 'user_gone' })).toEqual([]);
    expect(await audit.list({ parentId: 'erased_x' })).toMatchObject([
      { userId: 'user_kid', actorId: 'erased_x' },
    ]);
    expect(await audit.list({ actionType: 'DATA_ACCESS' })).toHaveLength(3);
  });

  it('ends tokens issued before an erasure, for every token operation', async () => {
    let clockMs = Date.now();
    const tokens = withErasedUserCheck(
      createTokenService({
        secret: 'a-test-secret-of-32-characters!!',
        revocations: createMemoryTokenRevocations(),
        now: () => clockMs,
      }),
      traces,
    );
    const subject = {
      userId: 'user_token_erased',
      email: 'kid@example.org',
      role: 'student' as const,
    };
    const { token } = await tokens.issue(subject);
    const refreshed = await tokens.refresh(token);
    expect((await tokens.verify(refreshed.token)).userId).toBe(subject.userId);
    const nowMs = clockMs;
    await traces.markErased(erasedPseudonym(subject.userId), nowMs, nowMs + 60_000);
    expect(await traces.erasedAt(erasedPseudonym(subject.userId))).toBe(nowMs);
    for (const operation of [tokens.verify, tokens.refresh, tokens.revoke]) {
      await expect(operation(refreshed.token)).rejects.toMatchObject({
        code: 'CMZ_ERR_AUTH_INVALID_TOKEN',
      });
    }
    // A token issued after the erasure (an account created again under the id) works.
    clockMs += 2_000;
    const later = await tokens.issue(subject);
    expect((await tokens.verify(later.token)).userId).toBe(subject.userId);
    await expect(tokens.revoke(later.token)).resolves.toMatchObject({ userId: subject.userId });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentIngest } from '../documents/document-ingest.ts';
import { loadDocumentLimits } from '../documents/document-limits.ts';
import { toDocumentEntry } from '../documents/knowledge-file-response.ts';
import {
  createAssistantRepository,
  type AssistantConfig,
  type AssistantRepository,
} from '../persistence/assistant-repository.ts';
import {
  createKnowledgeFileRepository,
  type KnowledgeFileRepository,
} from '../persistence/knowledge-file-repository.ts';
import {
  createKnowledgeRepository,
  type KnowledgeRepository,
} from '../persistence/knowledge-repository.ts';
import { ConditionFailed, NotFound } from '../persistence/persistence-errors.ts';
import {
  createPersonalityRepository,
  type PersonalityRepository,
} from '../persistence/personality-repository.ts';
import { startTestStore, type TestStore } from '../persistence/test-store.ts';
import { mergePrompt } from './merge-prompt.ts';

let store: TestStore;
let assistants: AssistantRepository;
let personalities: PersonalityRepository;
let files: KnowledgeFileRepository;
let articles: KnowledgeRepository;

beforeAll(async () => {
  store = await startTestStore();
  const shared = { document: store.document };
  assistants = createAssistantRepository({
    ...shared,
    tableName: store.tableNames.animalAssistant,
  });
  personalities = createPersonalityRepository({
    ...shared,
    tableName: store.tableNames.personality,
  });
  files = createKnowledgeFileRepository({ ...shared, tableName: store.tableNames.knowledgeFile });
  articles = createKnowledgeRepository({ ...shared, tableName: store.tableNames.knowledge });
});
afterAll(() => store.close());

const config: AssistantConfig = {
  personalityId: 'p1',
  personalityName: 'One',
  personalityText: 'First text',
  guardrailId: 'g1',
  knowledgeBaseFileIds: [],
  status: 'ACTIVE',
  mergedPrompt: 'merged one',
};

describe('assistant repository', () => {
  it('refuses a stale version and keeps the history unchanged', async () => {
    const created = await assistants.create('animal-a', config, { kind: 'create' });
    const next = { ...config, personalityText: 'Second text' };
    const changed = await assistants.change(created.assistantId, 1, next, { kind: 'update' });
    expect(changed.version).toBe(2);
    await expect(
      assistants.change(created.assistantId, 1, config, { kind: 'update' }),
    ).rejects.toBeInstanceOf(ConditionFailed);
    expect((await assistants.versions(created.assistantId)).map((entry) => entry.version)).toEqual([
      1, 2,
    ]);
    await expect(
      assistants.change('missing', 1, config, { kind: 'update' }),
    ).rejects.toBeInstanceOf(NotFound);
    expect(await assistants.findForAnimal('animal-none')).toBeUndefined();
    await assistants.delete(created.assistantId);
    await expect(assistants.delete(created.assistantId)).rejects.toBeInstanceOf(NotFound);
    await expect(
      assistants.change(created.assistantId, 2, config, { kind: 'update' }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});

describe('personality repository', () => {
  it('frees and claims names on rename, and reports missing records', async () => {
    const fields = { name: 'Alpha', personalityText: 'x'.repeat(100), isTemplate: false };
    const alpha = await personalities.create(fields);
    await personalities.create({ ...fields, name: 'Beta' });
    await expect(personalities.update(alpha.personalityId, { name: 'BETA' })).rejects.toMatchObject(
      {
        reason: 'name_taken',
      },
    );
    expect((await personalities.get(alpha.personalityId))?.name).toBe('Alpha');
    expect(await personalities.update(alpha.personalityId, {})).toMatchObject({ name: 'Alpha' });
    await expect(personalities.update('missing', { name: 'x' })).rejects.toBeInstanceOf(NotFound);
    await expect(personalities.delete('missing')).rejects.toBeInstanceOf(NotFound);
    expect((await personalities.list()).map((entry) => entry.name)).toEqual(['Alpha', 'Beta']);
  });
});

describe('document ingest', () => {
  it('removes the sections already stored and marks the file failed when storing fails', async () => {
    let created = 0;
    const failing: KnowledgeRepository = {
      ...articles,
      create: async (input, actor) => {
        created += 1;
        if (created === 2) throw new Error('store down');
        return articles.create(input, actor);
      },
    };
    const changed: string[] = [];
    const ingest = createDocumentIngest({
      files,
      articles: failing,
      onArticleChanged: async (knowledgeId) => {
        changed.push(knowledgeId);
      },
      limits: { ...loadDocumentLimits({}), sectionLength: 40 },
    });
    const text = 'Leo naps in the sun all day long.\n\nLeo eats meat from a big bowl.';
    await expect(
      ingest.ingest(
        { buffer: Buffer.from(text), originalName: 'leo.txt', size: text.length },
        { animalId: 'leo' },
      ),
    ).rejects.toThrow('store down');
    const [file] = await files.listByAnimal('leo');
    expect(file).toMatchObject({ processingStatus: 'FAILED', processingError: expect.any(String) });
    expect(file && toDocumentEntry(file)).toMatchObject({ status: 'failed' });
    expect(await articles.list({ animalId: 'leo' })).toEqual([]);
    expect(changed).toHaveLength(1);
    const processing = await files.create({
      animalId: 'leo',
      originalName: 'p.txt',
      title: 'p',
      tags: [],
      fileSize: 1,
      mimeType: 'text/plain',
    });
    expect(toDocumentEntry(processing)).toMatchObject({ status: 'processing' });
    await expect(
      files.complete('kb-missing', {
        articleIds: [],
        extractedTextLength: 0,
        contentValidation: { safe: true, ageAppropriate: true },
      }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});

describe('merged prompt', () => {
  it('keeps the original order and cuts each section to its limit', () => {
    const merged = mergePrompt({
      animalName: 'Leo',
      animalSpecies: 'lion',
      personalityText: 'p'.repeat(4000),
      guardrailText: 'Never scare children.',
      knowledgeFileNames: ['leo.md'],
    });
    const order = ['PERSONALITY', 'SAFETY', 'KNOWLEDGE'].map((name) =>
      merged.indexOf(`=== ${name}`),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(merged).toContain('IMPORTANT: These guidelines take precedence');
    expect(merged).not.toContain('p'.repeat(3000));
    expect(merged).toContain('- leo.md');
  });
});

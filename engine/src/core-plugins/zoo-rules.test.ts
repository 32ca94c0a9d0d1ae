import { afterEach, describe, expect, it } from 'vitest';
import type { AnimalGuardrail, AnimalPersona } from '../content/animal-types.ts';
import { loadAnimalContent } from '../content/load-content.ts';
import { renderSystemMessage } from '../llm/openai-mapping.ts';
import { createReplyCollector } from '../pipeline/reply-collector.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { createTestEngine, type TestEngine } from '../testing/test-engine.ts';
import { personaSections, zooRulesSection } from './persona-plugin.ts';

const never = (overrides: Partial<AnimalGuardrail> = {}): AnimalGuardrail => ({
  type: 'NEVER',
  rule: 'Never talk about zebras.',
  priority: 80,
  category: 'content_safety',
  keywords: ['zebra'],
  ...overrides,
});

async function bella(guardrails: AnimalGuardrail[], guidance: string[] = []) {
  const content = await loadAnimalContent();
  const persona = content.animals.find((animal) => animal.id === 'bella') as AnimalPersona;
  return { ...persona, guardrails, guidance };
}

describe('the ZOO RULES section', () => {
  it('lists the rules most important first (ties in order), then the guidance', () => {
    const section = zooRulesSection(
      [
        never({ rule: 'Low one.', priority: 10 }),
        never({ type: 'ALWAYS', rule: 'High one.', priority: 90 }),
        never({ type: 'ENCOURAGE', rule: 'Tie first.', priority: 50 }),
        never({ type: 'DISCOURAGE', rule: 'Tie second.', priority: 50 }),
      ],
      ['  Speak gently.  '],
    );
    expect(section?.split('\n')).toEqual([
      expect.stringMatching(/^ZOO RULES \(set by the zoo staff, most important first/),
      '- ALWAYS: High one.',
      '- ENCOURAGE: Tie first.',
      '- DISCOURAGE: Tie second.',
      '- NEVER: Low one.',
      '- GUIDANCE: Speak gently.',
    ]);
    expect(zooRulesSection([], [])).toBeUndefined();
  });

  it('comes last in the persona sections, after the audience and honesty rules', async () => {
    const animal = await bella([never()], ['Speak gently.']);
    const sections = personaSections(animal, 'en');
    expect(sections.at(-1)).toContain('- NEVER: Never talk about zebras.');
    expect(sections.at(-1)).toContain('never override the audience, honesty and language rules');
    expect(personaSections({ ...animal, guardrails: [], guidance: [] }, 'en').join()).not.toContain(
      'ZOO RULES',
    );
  });
});

let testEngine: TestEngine | undefined;
afterEach(async () => {
  await testEngine?.close();
  testEngine = undefined;
});

async function send(engine: TestEngine, animal: AnimalPersona, text: string) {
  const visitor = { visitorId: `v_${crypto.randomUUID()}`, role: 'visitor' as const };
  const conversation = await engine.store.getOrCreateConversation({
    visitorId: visitor.visitorId,
    animalId: animal.id,
    locale: 'en',
  });
  const collector = createReplyCollector();
  await engine.engine.replies.send({
    visitor,
    conversation,
    animal,
    locale: 'en',
    clientMessageId: `zoo-${crypto.randomUUID()}`,
    text,
    extraSink: collector.sink,
  });
  return { reply: await collector.finished, conversation };
}

describe('guardrails in the pipeline', () => {
  it('tell the model the rules and mask NEVER keywords in the reply', async () => {
    const model = createScriptedModel('Bears do not eat zebras, Zebras or z3bras; cars are fine.');
    testEngine = await createTestEngine({ model });
    const animal = await bella([
      never(),
      never({ type: 'DISCOURAGE', rule: 'Avoid cars.', keywords: ['cars'] }),
    ]);
    const { reply } = await send(testEngine, animal, 'What do you eat?');
    expect(reply.text).toBe('Bears do not eat ******, ****** or ******; cars are fine.');
    const system = renderSystemMessage(model.calls[0]?.prompt.system ?? []);
    expect(system).toContain('- NEVER: Never talk about zebras.');
    expect(system).toContain('- DISCOURAGE: Avoid cars.');
  });

  it('refuses input with a content-safety NEVER keyword and stores nothing', async () => {
    const model = createScriptedModel('Roar');
    testEngine = await createTestEngine({ model });
    const animal = await bella([
      never(),
      never({ category: 'technical', keywords: ['giftshop'] }),
      never({ type: 'DISCOURAGE', keywords: ['honey'] }),
    ]);
    const engine = testEngine;
    const visitor = { visitorId: 'v_refused', role: 'visitor' as const };
    const conversation = await engine.store.getOrCreateConversation({
      visitorId: visitor.visitorId,
      animalId: animal.id,
      locale: 'en',
    });
    await expect(
      engine.engine.replies.send({
        visitor,
        conversation,
        animal,
        locale: 'en',
        clientMessageId: 'zoo-refused',
        text: 'Tell me about ZEBRAS',
        extraSink: createReplyCollector().sink,
      }),
    ).rejects.toMatchObject({ code: 'CMZ_ERR_SAFETY_INPUT_BLOCKED' });
    expect(await engine.store.listMessages(conversation.id)).toEqual([]);
    expect(model.calls).toHaveLength(0);
    // Other categories and DISCOURAGE rules let the question through.
    expect((await send(engine, animal, 'Where is the giftshop? I like honey')).reply.text).toBe(
      'Roar',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { renderSystemMessage } from '@cmz/engine';
import { createScriptedModel } from '../../../engine/src/testing/scripted-model.ts';
import { askAnimal, ruleBody, sharedStores, startedServer } from './guardrail-test-kit.ts';

describe('a guardrail changes the next reply', () => {
  it('puts the rule in the system prompt the model receives, exactly as /system-prompt shows it', async () => {
    const model = createScriptedModel('Lions like me eat Zebras and wildebeest!');
    const rest = await startedServer({ model });
    const keeper = await rest.signIn('zookeeper@cmz.org');

    const before = await askAnimal(rest, 'leo', 'What do you eat?');
    expect(before.text).toContain('Zebras');
    const firstPrompt = renderSystemMessage(model.calls[0]?.prompt.system ?? []);
    expect(firstPrompt).not.toContain('ZOO RULES');

    const patched = await rest.call('PATCH', '/animal_config?animalId=leo', {
      token: keeper,
      body: {
        guardrails: {
          custom: [{ type: 'NEVER', rule: 'Never talk about zebras.', keywords: ['zebra'] }],
        },
      },
    });
    expect(patched.status).toBe(200);

    const after = await askAnimal(rest, 'leo', 'What do you eat?');
    const system = renderSystemMessage(model.calls.at(-1)?.prompt.system ?? []);
    expect(system).toContain('ZOO RULES');
    expect(system).toContain('- NEVER: Never talk about zebras.');
    // The output filter masked the keyword (a plural too), keeping the length.
    expect(after.text).not.toMatch(/zebra/i);
    expect(after.text).toContain('eat ****** and wildebeest');

    const shown = await rest.call('GET', '/animal/leo/system-prompt', { token: keeper });
    const { prompt } = shown.body as { prompt: string };
    // What the endpoint shows is the start of what the model got; fact cards follow per question.
    expect(system.startsWith(prompt)).toBe(true);
    expect(system.slice(prompt.length)).toMatch(/^(\n\nFACT CARDS:[\s\S]*)?$/);
  });

  it('refuses visitor input that matches a content-safety NEVER keyword before the model sees it', async () => {
    const model = createScriptedModel('Roar!');
    const rest = await startedServer({ model });
    const keeper = await rest.signIn('zookeeper@cmz.org');
    await rest.call('POST', '/guardrails', {
      token: keeper,
      body: ruleBody({ rule: 'Never talk about hunting.', keywords: ['hunting'], isGlobal: true }),
    });
    const other = await rest.call('POST', '/guardrails', {
      token: keeper,
      body: ruleBody({
        rule: 'Never mention the gift shop.',
        keywords: ['giftshop'],
        isGlobal: true,
        category: 'technical',
      }),
    });
    expect(other.status).toBe(201);
    const calls = model.calls.length;
    const refused = await askAnimal(rest, 'bella', 'Do you like HUNTING?');
    expect(refused.errorCode).toBe('CMZ_ERR_SAFETY_INPUT_BLOCKED');
    expect(model.calls.length).toBe(calls);
    // A NEVER rule of another category masks the output but lets the question through.
    const allowed = await askAnimal(rest, 'bella', 'Where is the giftshop?');
    expect(allowed.errorCode).toBeUndefined();
    expect(model.calls.length).toBe(calls + 1);
  });

  it('reaches the next reply on every node: a guardrail created on node A changes node B', async () => {
    const environment = await sharedStores();
    const nodeA = await startedServer({ environment });
    const nodeB = await startedServer({ environment });
    // The offline responder answers from Leo's diet card, which mentions zebras.
    const before = await askAnimal(nodeB, 'leo', 'What do you eat?');
    expect(before.text).toContain('zebras');

    const keeper = await nodeA.signIn('zookeeper@cmz.org');
    const created = await nodeA.call('POST', '/guardrails', {
      token: keeper,
      body: ruleBody({ isGlobal: true, keywords: ['zebras'] }),
    });
    expect(created.status).toBe(201);
    await expect
      .poll(async () => (await askAnimal(nodeB, 'leo', 'What do you eat?')).text, {
        timeout: 10_000,
      })
      .toContain('******');
    expect((await askAnimal(nodeB, 'leo', 'What do you eat?')).text).not.toContain('zebras');

    // Deleting it on node B lifts it on node A.
    const id = (created.body as { guardrailId: string }).guardrailId;
    const keeperB = await nodeB.signIn('zookeeper@cmz.org');
    expect((await nodeB.call('DELETE', `/guardrails/${id}`, { token: keeperB })).status).toBe(204);
    await expect
      .poll(async () => (await askAnimal(nodeA, 'leo', 'What do you eat?')).text, {
        timeout: 10_000,
      })
      .toContain('zebras');
  });
});

import { createScriptedModel, createTestEngine } from '@cmz/engine/testing';
import { expect, it } from 'vitest';
import createFunFactPlugin from './fun-fact-plugin.ts';

it("adds today's fact once per conversation", async () => {
  const model = createScriptedModel('Hello from the zoo!');
  const plugin = createFunFactPlugin({ facts: ['Cougars can jump 18 feet straight up.'] });
  const testEngine = await createTestEngine({ model, plugins: [plugin] });
  try {
    await testEngine.send({ text: 'Hi!' });
    await testEngine.send({ text: 'What do you eat?' });
    expect(model.calls[0]?.prompt.system.at(-1)).toContain('Cougars can jump');
    expect(model.calls[1]?.prompt.system.join('\n')).not.toContain('Cougars can jump');
  } finally {
    await testEngine.close();
  }
});

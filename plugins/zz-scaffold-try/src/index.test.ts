import { createScriptedModel, createTestEngine } from '@cmz/engine/testing';
import { describe, expect, it } from 'vitest';
import { zzScaffoldTryErrors } from './errors.ts';
import createPlugin from './index.ts';

describe('the zz-scaffold-try plugin', () => {
  it('adds its prompt line to the system prompt the model receives', async () => {
    const model = createScriptedModel('Hello from the zoo!');
    const testEngine = await createTestEngine({
      model,
      plugins: [createPlugin({ promptLine: 'Mention the keepers.' })],
    });
    try {
      const { reply } = await testEngine.send({ text: 'What do you eat?' });
      expect(reply.end?.text).toBe('Hello from the zoo!');
      expect(model.calls[0]?.prompt.system).toContain('Mention the keepers.');
    } finally {
      await testEngine.close();
    }
  });

  it('refuses invalid options with its own error code', () => {
    expect(() => createPlugin({ promptLine: '' })).toThrow(
      expect.objectContaining({
        code: 'CMZ_ERR_CONFIG_INVALID',
        details: expect.objectContaining({ pluginCode: zzScaffoldTryErrors.INVALID_OPTIONS.code }),
      }),
    );
  });

  it('validates the hello payload with its schema', () => {
    const hello = createPlugin().events.hello;
    expect(hello.schema.safeParse({ conversationId: 'c_1' }).success).toBe(true);
    expect(hello.schema.safeParse({}).success).toBe(false);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../../../engine/src/testing/fake-openai-server.ts';
import { getFreePort } from '../../../engine/src/testing/free-port.ts';
import type { RestTestServer } from '../testing/start-rest-test-server.ts';
import { onCleanup, startedServer } from './guardrail-test-kit.ts';

interface Verdict {
  valid: boolean;
  result: string;
  riskScore: number;
  requiresEscalation: boolean;
  validationId: string;
  processingTimeMs: number;
  triggeredRules: {
    totalTriggered: number;
    highestSeverity: string;
    openaiModeration?: {
      flagged: boolean;
      model: string;
      categories: { category: string; rawScore: number; severity: string }[];
    };
    customGuardrails: {
      ruleId: string;
      ruleType: string;
      category: string;
      severity: string;
      triggerContext?: string;
      priority?: number;
    }[];
  };
  summary: {
    requiresEscalation: boolean;
    blockingViolations: number;
    warningViolations: number;
    ageGroupApproved: string;
  };
}

const context = { userId: 'user_test_student_001', conversationId: 'conv_1', animalId: 'leo' };

async function validate(rest: RestTestServer, token: string, content: string, animalId = 'leo') {
  const response = await rest.call('POST', '/api/v1/guardrails/validate', {
    token,
    body: { content, context: { ...context, animalId, ageGroup: 'elementary' } },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as Verdict;
}

describe('content validation with the local rules and the animal guardrails', () => {
  let rest: RestTestServer;
  let keeper: string;

  beforeAll(async () => {
    rest = await startedServer();
    keeper = await rest.signIn('zookeeper@cmz.org');
    const patched = await rest.call('PATCH', '/animal_config?animalId=leo', {
      token: keeper,
      body: {
        guardrails: {
          custom: [
            { type: 'NEVER', rule: 'Never talk about zebras.', keywords: ['zebra'], priority: 80 },
            {
              type: 'DISCOURAGE',
              rule: 'Avoid talking about cars.',
              keywords: ['cars'],
              category: 'technical',
            },
          ],
        },
      },
    });
    expect(patched.status).toBe(200);
  });

  it('approves safe content', async () => {
    const verdict = await validate(rest, keeper, 'Lions sleep up to twenty hours a day.');
    expect(verdict).toMatchObject({
      valid: true,
      result: 'approved',
      riskScore: 0,
      requiresEscalation: false,
      triggeredRules: { totalTriggered: 0, highestSeverity: 'none', customGuardrails: [] },
      summary: { blockingViolations: 0, warningViolations: 0, ageGroupApproved: 'elementary' },
    });
    expect(verdict.validationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(verdict.triggeredRules.openaiModeration).toBeUndefined();
  });

  it("blocks content that matches a NEVER guardrail's keyword", async () => {
    const verdict = await validate(rest, keeper, 'Lions hunt ZEBRAS at night.');
    expect(verdict).toMatchObject({ valid: false, result: 'blocked', requiresEscalation: false });
    expect(verdict.triggeredRules.customGuardrails).toEqual([
      expect.objectContaining({
        ruleId: 'rule_content_safety_001',
        ruleText: 'Never talk about zebras.',
        ruleType: 'NEVER',
        category: 'safety',
        severity: 'high',
        triggerContext: 'zebra',
        priority: 80,
      }),
    ]);
    expect(verdict.riskScore).toBeGreaterThan(50);
    expect(verdict.summary.blockingViolations).toBe(1);
  });

  it('flags content that matches a DISCOURAGE guardrail, without blocking it', async () => {
    const verdict = await validate(rest, keeper, 'Do lions like fast cars?');
    expect(verdict).toMatchObject({ valid: true, result: 'flagged' });
    expect(verdict.triggeredRules.customGuardrails[0]).toMatchObject({
      ruleId: 'rule_technical_002',
      ruleType: 'DISCOURAGE',
      severity: 'low',
      category: 'content-quality',
    });
    expect(verdict.summary).toMatchObject({ warningViolations: 1, blockingViolations: 0 });
  });

  it("blocks what the engine's own rules block and escalates self-harm", async () => {
    const rude = await validate(rest, keeper, 'you are a shit lion');
    expect(rude.result).toBe('blocked');
    expect(rude.triggeredRules.customGuardrails[0]?.ruleId).toBe('rule_profanity_001');
    const crisis = await validate(rest, keeper, 'I want to kill myself');
    expect(crisis).toMatchObject({ result: 'escalated', requiresEscalation: true, valid: false });
    expect(crisis.triggeredRules.highestSeverity).toBe('critical');
    expect(crisis.riskScore).toBeGreaterThanOrEqual(90);
    // Other animals do not have Leo's rules.
    expect((await validate(rest, keeper, 'Zebras!', 'bella')).result).toBe('approved');
  });

  it('refuses an unknown animal and a body without context', async () => {
    const unknown = await rest.call('POST', '/api/v1/guardrails/validate', {
      token: keeper,
      body: { content: 'hi', context: { ...context, animalId: 'nobody' } },
    });
    expect(unknown.status).toBe(400);
    const noContext = await rest.call('POST', '/api/v1/guardrails/validate', {
      token: keeper,
      body: { content: 'hi' },
    });
    expect(noContext.status).toBe(400);
    const tooLong = await rest.call('POST', '/api/v1/guardrails/validate', {
      token: keeper,
      body: { content: 'a'.repeat(10_001), context },
    });
    expect(tooLong.status).toBe(400);
  });
});

describe('content validation with the OpenAI moderation endpoint', () => {
  it("adds the provider's verdict when OPENAI_API_KEY is set", async () => {
    const fake = await startFakeOpenAiServer({ moderationWords: ['meanie'] });
    onCleanup(() => fake.close());
    const rest = await startedServer({
      environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fake.url },
    });
    const keeper = await rest.signIn('zookeeper@cmz.org');
    const clean = await validate(rest, keeper, 'Lions are big cats.');
    expect(clean.result).toBe('approved');
    expect(clean.triggeredRules.openaiModeration).toEqual({
      flagged: false,
      model: 'omni-moderation-latest',
      categories: [],
    });
    const flagged = await validate(rest, keeper, 'You are a meanie lion');
    expect(flagged).toMatchObject({ valid: false, result: 'blocked' });
    expect(flagged.triggeredRules.openaiModeration).toMatchObject({
      flagged: true,
      categories: [{ category: 'harassment', rawScore: 0.97, severity: 'high' }],
    });
    expect(flagged.riskScore).toBe(97);
    expect(flagged.triggeredRules.totalTriggered).toBe(1);
    const moderations = fake.requests.filter((entry) => entry.path === '/v1/moderations');
    expect(moderations).toHaveLength(2);
    expect(moderations[1]?.headers.authorization).toBe('[redacted]');
  });

  it('escalates when the provider cannot be reached (nobody could say it is safe)', async () => {
    const closedPort = await getFreePort();
    const rest = await startedServer({
      environment: {
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
      },
    });
    const keeper = await rest.signIn('zookeeper@cmz.org');
    const verdict = await validate(rest, keeper, 'Lions are big cats.');
    expect(verdict).toMatchObject({ result: 'escalated', requiresEscalation: true, valid: false });
    expect(verdict.triggeredRules.openaiModeration).toBeUndefined();
    expect((await validate(rest, keeper, 'you are a shit lion')).result).toBe('blocked');
  });
});

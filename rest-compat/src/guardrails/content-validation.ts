/**
 * The verdict of `POST /api/v1/guardrails/validate`, as the spec's `DetailedValidationResponse`:
 * the engine's local safety rules (`moderateText`), the animal's effective NEVER and DISCOURAGE
 * guardrails (by keyword), and the OpenAI moderation endpoint when configured.
 *
 * How the verdict is reached:
 * - every NEVER rule that matched and every category the provider flagged is a blocking
 *   violation; a DISCOURAGE rule is a warning;
 * - `escalated` when a critical rule matched (self-harm, sexual content about minors); else
 *   `blocked` with a blocking violation; else `escalated` when the provider could not be asked
 *   (nobody can say it is safe); else `flagged` with a warning; else `approved`. `valid` is true for approved and flagged content;
 * - `riskScore` (0–100) is the highest of each triggered rule's severity weight scaled by its
 *   confidence and the provider's highest flagged score × 100.
 * Nothing of the content is kept: the response names rules and, for a keyword rule, the keyword.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { findKeywords, moderateText } from '@cmz/engine';
import type { GuardrailBody } from './guardrail-response.ts';
import type { ModerateContent, ModerationVerdict } from './openai-moderation.ts';

type Severity = 'low' | 'medium' | 'high' | 'critical';
type RuleCategory =
  'safety' | 'educational' | 'age-appropriate' | 'behavioral' | 'content-quality' | 'privacy';

/** The spec's `TriggeredRule`. */
export interface TriggeredRule {
  ruleId: string;
  ruleText: string;
  ruleType: 'ALWAYS' | 'NEVER' | 'ENCOURAGE' | 'DISCOURAGE';
  category: RuleCategory;
  severity: Severity;
  confidenceScore: number;
  triggerContext?: string;
  userMessage?: string;
  detectedAt: string;
  priority?: number;
}

interface LocalRule {
  text: string;
  category: RuleCategory;
  severity: Severity;
  priority: number;
}

// The engine's moderation categories as CMZ rules; the rule number is the category's position.
const localRules: Readonly<Record<string, LocalRule>> = {
  profanity: {
    text: 'Never use profanity or rude words.',
    category: 'age-appropriate',
    severity: 'medium',
    priority: 70,
  },
  sexual: {
    text: 'Never include sexual content.',
    category: 'age-appropriate',
    severity: 'high',
    priority: 95,
  },
  'violence-graphic': {
    text: 'Never describe graphic violence or harm.',
    category: 'safety',
    severity: 'high',
    priority: 90,
  },
  hate: {
    text: 'Never use hateful or demeaning words about anyone.',
    category: 'behavioral',
    severity: 'high',
    priority: 90,
  },
  'self-harm': {
    text: 'Never encourage self-harm; answer signs of it with care and a trusted adult.',
    category: 'safety',
    severity: 'critical',
    priority: 100,
  },
  'personal-info-request': {
    text: 'Never ask for personal information such as names, addresses or schools.',
    category: 'privacy',
    severity: 'medium',
    priority: 95,
  },
  drugs: {
    text: 'Never talk about drugs, alcohol or smoking.',
    category: 'age-appropriate',
    severity: 'medium',
    priority: 80,
  },
};

const guardrailCategories: Readonly<Record<GuardrailBody['category'], RuleCategory>> = {
  content_safety: 'safety',
  educational: 'educational',
  personality: 'behavioral',
  technical: 'content-quality',
};

const severityWeight: Readonly<Record<Severity, number>> = {
  low: 25,
  medium: 50,
  high: 80,
  critical: 100,
};
const severityOrder: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
// The spec's OpenAI categories; the provider's newer ones (e.g. `illicit`) have no place there.
const openAiCategories = new Set([
  'hate',
  'hate/threatening',
  'harassment',
  'harassment/threatening',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
]);
const criticalOpenAiCategories = new Set([
  'sexual/minors',
  'self-harm/intent',
  'self-harm/instructions',
]);

/** What one validation looks at. */
export interface ValidationInput {
  content: string;
  /** The animal's effective guardrails, highest priority first. */
  guardrails: readonly GuardrailBody[];
  /** The OpenAI moderation call, when configured. */
  moderate?: ModerateContent | undefined;
  /** Told when the provider failed (the reason only, never the content). */
  onModerationFailure?: (reason: string) => void;
  clock?: () => Date;
}

/**
 * Validates one text and returns the spec's `DetailedValidationResponse`.
 *
 * @example
 * ```ts
 * const verdict = await validateContent({ content: 'Lions eat zebras', guardrails });
 * verdict.result; // 'blocked' when a NEVER guardrail has the keyword `zebras`
 * ```
 */
export async function validateContent(input: ValidationInput) {
  const clock = input.clock ?? (() => new Date());
  const started = performance.now();
  const detectedAt = clock().toISOString();
  const triggered = [
    ...localTriggers(input.content, detectedAt),
    ...guardrailTriggers(input.content, input.guardrails, detectedAt),
  ].sort(
    (first, second) =>
      severityOrder.indexOf(second.severity) - severityOrder.indexOf(first.severity) ||
      second.confidenceScore - first.confidenceScore,
  );
  let verdict: ModerationVerdict | undefined;
  let moderationFailed = false;
  if (input.moderate) {
    try {
      verdict = await input.moderate(input.content);
    } catch (error) {
      moderationFailed = true;
      input.onModerationFailure?.(error instanceof Error ? error.name : 'unknown');
    }
  }
  const openAiFlags = (verdict?.categories ?? []).filter(({ category }) =>
    openAiCategories.has(category),
  );
  const openaiModeration =
    verdict === undefined
      ? undefined
      : {
          flagged: verdict.flagged,
          model: verdict.model,
          categories: openAiFlags.map(({ category, score }) => ({
            category,
            severity: openAiSeverity(category, score),
            confidenceScore: round(score * 100),
            rawScore: Math.min(1, Math.max(0, score)),
            detectedAt,
          })),
        };
  const critical =
    triggered.some((rule) => rule.severity === 'critical') ||
    openAiFlags.some(({ category, score }) => openAiSeverity(category, score) === 'critical');
  const blockingViolations =
    triggered.filter((rule) => rule.ruleType === 'NEVER').length +
    (verdict?.flagged ? Math.max(1, openAiFlags.length) : 0);
  const warningViolations = triggered.filter((rule) => rule.ruleType === 'DISCOURAGE').length;
  const result = critical
    ? 'escalated'
    : blockingViolations > 0
      ? 'blocked'
      : moderationFailed
        ? 'escalated'
        : warningViolations > 0
          ? 'flagged'
          : 'approved';
  const riskScore = Math.min(
    100,
    Math.max(
      0,
      ...triggered.map((rule) => (severityWeight[rule.severity] * rule.confidenceScore) / 100),
      ...openAiFlags.map(({ score }) => score * 100),
    ),
  );
  const severities = [
    ...triggered.map((rule) => rule.severity),
    ...openAiFlags.map(({ category, score }) => openAiSeverity(category, score)),
  ];
  const highestSeverity =
    [...severityOrder].reverse().find((severity) => severities.includes(severity)) ?? 'none';
  return {
    valid: result === 'approved' || result === 'flagged',
    result,
    riskScore: round(riskScore),
    requiresEscalation: result === 'escalated',
    userMessage: userMessages[result],
    validationId: randomUUID(),
    timestamp: detectedAt,
    processingTimeMs: Math.min(60_000, Math.max(0, Math.round(performance.now() - started))),
    triggeredRules: {
      totalTriggered: Math.min(1000, triggered.length + openAiFlags.length),
      highestSeverity,
      ...(openaiModeration === undefined ? {} : { openaiModeration }),
      customGuardrails: triggered,
    },
    summary: {
      requiresEscalation: result === 'escalated',
      blockingViolations: Math.min(1000, blockingViolations),
      warningViolations: Math.min(1000, warningViolations),
      ageGroupApproved:
        result === 'approved' ? 'elementary' : result === 'flagged' ? 'middle' : 'none',
    },
  };
}

const userMessages = {
  approved: 'This content follows the zoo rules.',
  flagged: 'This content is allowed but goes against a zoo recommendation.',
  blocked: 'This content breaks a zoo rule and would not be shown to children.',
  escalated: 'This content needs a review by a member of staff.',
} as const;

function localTriggers(content: string, detectedAt: string): TriggeredRule[] {
  const { categories } = moderateText(content, undefined, { direction: 'output' });
  const order = Object.keys(localRules);
  return categories.flatMap((category) => {
    const rule = localRules[category];
    if (rule === undefined) return [];
    const number = String(order.indexOf(category) + 1).padStart(3, '0');
    return [
      {
        ruleId: `rule_${category.replaceAll('-', '_')}_${number}`,
        ruleText: rule.text,
        ruleType: 'NEVER' as const,
        category: rule.category,
        severity: rule.severity,
        // A word-list match: certain of the word, not of the intent.
        confidenceScore: 95,
        userMessage: 'This content uses words the zoo does not allow in a chat with children.',
        detectedAt,
        priority: rule.priority,
      },
    ];
  });
}

// NEVER and DISCOURAGE guardrails with keywords; the number is the rule's position in the
// animal's effective list (1 = most important).
function guardrailTriggers(
  content: string,
  guardrails: readonly GuardrailBody[],
  detectedAt: string,
): TriggeredRule[] {
  return guardrails.flatMap((guardrail, index) => {
    if (guardrail.type !== 'NEVER' && guardrail.type !== 'DISCOURAGE') return [];
    const found = findKeywords(content, guardrail.keywords ?? []);
    if (found.length === 0) return [];
    const never = guardrail.type === 'NEVER';
    return [
      {
        ruleId: `rule_${guardrail.category}_${String(index + 1).padStart(3, '0')}`,
        ruleText: guardrail.rule.slice(0, 500),
        ruleType: guardrail.type,
        category: guardrailCategories[guardrail.category],
        severity: never ? (guardrail.category === 'content_safety' ? 'high' : 'medium') : 'low',
        confidenceScore: 90,
        triggerContext: found.join(', ').slice(0, 500),
        userMessage: never
          ? 'This content mentions something a zoo rule forbids.'
          : 'This content mentions something a zoo rule discourages.',
        detectedAt,
        priority: guardrail.priority,
      },
    ];
  });
}

function openAiSeverity(category: string, score: number): Severity {
  if (criticalOpenAiCategories.has(category)) return 'critical';
  if (score >= 0.8) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

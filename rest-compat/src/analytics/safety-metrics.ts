/**
 * Real safety events for `GET /api/v1/analytics/safety/metrics`, in per-hour counters kept 31
 * days (the longest `time_range`): messages checked, inputs blocked, crisis answers (the spec's
 * escalations), AI-disclosure answers and replies whose output the safety filter masked, with
 * the moderation risk of each checked message and distinct (hashed) users and conversations.
 *
 * Where the events come from: the analytics plugin (checked messages, crisis, disclosure,
 * filtered output), the REST router's error observer and the log tap (blocked inputs, which stop
 * the pipeline before any plugin of ours runs).
 *
 * @module
 */
import type { Logger } from '@cmz/engine';
import type { CounterStore } from './counter-store.ts';

/** What a safety event says about where it happened (all optional: a log line may lack them). */
export interface SafetyEventFacts {
  animalId?: string | undefined;
  /** The visitor's id hashed with `hashIdentifier`, never the id itself. */
  userHash?: string | undefined;
  conversationId?: string | undefined;
}

/** The kinds of event. */
export type SafetyEventKind = 'blocked' | 'crisis' | 'disclosure' | 'filtered';

/** The spec's safety metrics body, plus a breakdown the spec has no fields for. */
export interface SafetyMetricsBody {
  totalValidations: number;
  totalFlagged: number;
  totalBlocked: number;
  totalEscalations: number;
  flaggedContentRate: number;
  blockedContentRate: number;
  escalationRate: number;
  avgProcessingTimeMs: number;
  avgRiskScore: number;
  uniqueUsers: number;
  uniqueConversations: number;
  breakdown: {
    inputBlocked: number;
    outputFiltered: number;
    crisisAnswers: number;
    aiDisclosureAnswers: number;
  };
  metadata: {
    timeRange: string;
    startTime: string;
    endTime: string;
    animalId: string | null;
    totalEvents: number;
    generatedAt: string;
  };
}

/** The spec's time ranges. */
export const safetyTimeRanges = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const;

/** One of {@link safetyTimeRanges}. */
export type SafetyTimeRange = keyof typeof safetyTimeRanges;

/** Records and reads safety counters. */
export interface SafetyMetrics {
  /** A message passed the input check: its moderation risk (0–1) and how long the check took. */
  recordChecked(facts: SafetyEventFacts, risk: number, processingMs: number): void;
  /** A safety event (a blocked input also counts as a checked message of risk 1). */
  record(kind: SafetyEventKind, facts: SafetyEventFacts): void;
  summarize(range: SafetyTimeRange, animalId?: string): Promise<SafetyMetricsBody>;
}

const counterOf: Record<SafetyEventKind, string> = {
  blocked: 'blocked',
  crisis: 'escalations',
  disclosure: 'disclosures',
  filtered: 'filtered',
};

/**
 * Creates the recorder over a per-hour counter store.
 *
 * @example
 * ```ts
 * const safety = createSafetyMetrics({ store, logger });
 * safety.record('blocked', { animalId: 'leo', userHash });
 * await safety.summarize('24h');
 * ```
 */
export function createSafetyMetrics(options: {
  store: CounterStore;
  logger: Logger;
  now?: () => number;
}): SafetyMetrics {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const write = (facts: SafetyEventFacts, increments: Record<string, number>) => {
    const scoped: Record<string, number> = {};
    for (const [name, value] of Object.entries(increments)) {
      scoped[name] = value;
      if (facts.animalId !== undefined) scoped[`animal.${facts.animalId}.${name}`] = value;
    }
    const members: Record<string, string> = {};
    const distinct = { users: facts.userHash, conversations: facts.conversationId };
    for (const [set, member] of Object.entries(distinct)) {
      if (member === undefined) continue;
      members[set] = member;
      if (facts.animalId !== undefined) members[`animal.${facts.animalId}.${set}`] = member;
    }
    store.add(now(), scoped, members).catch((error: unknown) => {
      logger.warn(
        { operation: 'analytics', step: 'safety', reason: String(error).slice(0, 200) },
        'safety counters not written',
      );
    });
  };
  return {
    recordChecked(facts, risk, processingMs) {
      write(facts, {
        validations: 1,
        riskMilli: Math.round(Math.min(1, Math.max(0, risk)) * 1000),
        processingMicros: Math.round(processingMs * 1000),
        processed: 1,
      });
    },
    record(kind, facts) {
      const checked: Record<string, number> =
        kind === 'blocked' ? { validations: 1, riskMilli: 1000 } : {};
      write(facts, { [counterOf[kind]]: 1, ...checked });
    },
    async summarize(range, animalId) {
      const end = now();
      const start = end - safetyTimeRanges[range];
      const prefix = animalId === undefined ? '' : `animal.${animalId}.`;
      const totals = await store.sum(start, end + 1);
      const read = (name: string) => totals[`${prefix}${name}`] ?? 0;
      const [uniqueUsers, uniqueConversations] = await Promise.all([
        store.countDistinct(start, end + 1, `${prefix}users`),
        store.countDistinct(start, end + 1, `${prefix}conversations`),
      ]);
      const validations = read('validations');
      const blocked = read('blocked');
      const escalations = read('escalations');
      const filtered = read('filtered');
      const disclosures = read('disclosures');
      const flagged = blocked + escalations + filtered;
      const rate = (count: number) => (validations === 0 ? 0 : Math.min(1, count / validations));
      const processed = read('processed');
      return {
        totalValidations: validations,
        totalFlagged: flagged,
        totalBlocked: blocked,
        totalEscalations: escalations,
        flaggedContentRate: rate(flagged),
        blockedContentRate: rate(blocked),
        escalationRate: rate(escalations),
        avgProcessingTimeMs: processed === 0 ? 0 : read('processingMicros') / processed / 1000,
        avgRiskScore: validations === 0 ? 0 : Math.min(1, read('riskMilli') / validations / 1000),
        uniqueUsers,
        uniqueConversations,
        breakdown: {
          inputBlocked: blocked,
          outputFiltered: filtered,
          crisisAnswers: escalations,
          aiDisclosureAnswers: disclosures,
        },
        metadata: {
          timeRange: range,
          startTime: new Date(start).toISOString(),
          endTime: new Date(end).toISOString(),
          animalId: animalId ?? null,
          totalEvents: validations + escalations + filtered + disclosures,
          generatedAt: new Date(end).toISOString(),
        },
      };
    },
  };
}

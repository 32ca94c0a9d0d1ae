/**
 * `GET /billing`: a month's estimated model cost from the daily usage records, by service (the
 * spec's `byService`) and, beyond the spec, by animal and by day with the token counts.
 *
 * @module
 */
import type { DailyUsage } from '../persistence/usage-repository.ts';

/** Totals of one group. */
export interface UsageTotals {
  replies: number;
  promptTokens: number;
  completionTokens: number;
  usd: number;
}

/** The spec's `BillingSummary` plus the per-animal and per-day breakdowns. */
export interface BillingSummaryBody {
  period: string;
  totalUsd: number;
  byService: ({ service: string; estimatedTokens: boolean } & UsageTotals)[];
  byAnimal: ({ animalId: string } & UsageTotals)[];
  byDay: ({ day: string } & UsageTotals)[];
  currency: 'USD';
}

/**
 * Sums a month's daily records.
 *
 * @example
 * ```ts
 * summarizeBilling('2025-08', await usage.listMonth('2025-08')).totalUsd; // 0.0123
 * ```
 */
export function summarizeBilling(
  period: string,
  records: readonly DailyUsage[],
): BillingSummaryBody {
  const byService = group(records, (record) => record.service);
  const estimated = new Map<string, boolean>();
  for (const record of records) {
    estimated.set(record.service, (estimated.get(record.service) ?? false) || record.estimated);
  }
  const totalMicroUsd = records.reduce((sum, record) => sum + record.costMicroUsd, 0);
  return {
    period,
    totalUsd: toUsd(totalMicroUsd),
    byService: [...byService].map(([service, totals]) => ({
      service,
      estimatedTokens: estimated.get(service) ?? false,
      ...totals,
    })),
    byAnimal: [...group(records, (record) => record.animalId)].map(([animalId, totals]) => ({
      animalId,
      ...totals,
    })),
    byDay: [...group(records, (record) => record.day)].map(([day, totals]) => ({ day, ...totals })),
    currency: 'USD',
  };
}

function group(
  records: readonly DailyUsage[],
  keyOf: (record: DailyUsage) => string,
): Map<string, UsageTotals> {
  const micro = new Map<string, Omit<UsageTotals, 'usd'> & { micro: number }>();
  for (const record of records) {
    const key = keyOf(record);
    const totals = micro.get(key) ?? { replies: 0, promptTokens: 0, completionTokens: 0, micro: 0 };
    totals.replies += record.replies;
    totals.promptTokens += record.promptTokens;
    totals.completionTokens += record.completionTokens;
    totals.micro += record.costMicroUsd;
    micro.set(key, totals);
  }
  const sorted = [...micro.entries()].sort(([first], [second]) => first.localeCompare(second));
  return new Map(
    sorted.map(([key, { micro: cost, ...totals }]) => [key, { ...totals, usd: toUsd(cost) }]),
  );
}

function toUsd(microUsd: number): number {
  return microUsd / 1_000_000;
}

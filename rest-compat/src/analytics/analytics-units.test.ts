import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger, LogRingBuffer } from '@cmz/engine';
import {
  startRedisServer,
  type TestRedisServer,
} from '../../../engine/src/testing/redis-server.ts';
import { summarizeBilling } from './billing-summary.ts';
import { bucketStarts, createMemoryCounterStore, type CounterStore } from './counter-store.ts';
import { latencyIncrements, summarizeLatency } from './latency-histogram.ts';
import { queryLogs } from './log-query.ts';
import { costOf, defaultPriceTable, readPriceTable, serviceOf } from './model-prices.ts';
import { createPerformanceMetrics } from './performance-metrics.ts';
import { createRedisCounterStore } from './redis-counter-store.ts';
import { countBlockedInputsFromLog } from './safety-event-sources.ts';
import { createSafetyMetrics } from './safety-metrics.ts';

const minute = 60_000;
const logger = createLogger({ level: 'silent' });

function counterStoreContract(name: string, make: (now: () => number) => Promise<CounterStore>) {
  describe(`${name} counter store`, () => {
    it('sums buckets in a window and counts distinct members across them', async () => {
      let clock = 10 * minute;
      const store = await make(() => clock);
      await store.add(clock, { requests: 2 }, { users: 'a' });
      await store.add(clock + minute, { requests: 3, errors: 1 }, { users: 'b' });
      await store.add(clock + 2 * minute, { requests: 1 }, { users: 'a' });
      clock += 2 * minute;
      expect(await store.sum(10 * minute, 12 * minute)).toEqual({ requests: 5, errors: 1 });
      expect(await store.sum(10 * minute, 13 * minute)).toEqual({ requests: 6, errors: 1 });
      expect(await store.countDistinct(10 * minute, 13 * minute, 'users')).toBe(2);
      expect(await store.countDistinct(10 * minute, 13 * minute, 'nobody')).toBe(0);
    });

    it('forgets buckets older than the retention', async () => {
      let clock = 100 * minute;
      const store = await make(() => clock);
      await store.add(clock, { requests: 1 });
      clock += 20 * minute;
      await store.add(clock, { requests: 1 });
      // Too old already: never stored.
      await store.add(clock - 30 * minute, { requests: 5 });
      expect(await store.sum(0, clock + 1)).toEqual({ requests: 1 });
    });
  });
}

let redisServer: TestRedisServer;
let redis: Redis;
let prefixCount = 0;
beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url);
});
afterAll(async () => {
  redis.disconnect();
  await redisServer.stop();
});

counterStoreContract('memory', async (now) =>
  createMemoryCounterStore({ bucketMs: minute, retentionMs: 10 * minute, now }),
);
counterStoreContract('redis', async (now) =>
  createRedisCounterStore(redis, `test:counters:${(prefixCount += 1)}`, {
    bucketMs: minute,
    retentionMs: 10 * minute,
    now,
  }),
);

describe('bucketStarts', () => {
  it('lists the buckets overlapping a window, oldest first, bounded', () => {
    expect(bucketStarts(30_000, 150_000, minute)).toEqual([0, minute, 2 * minute]);
    expect(bucketStarts(0, 10 * minute, minute, 2)).toEqual([8 * minute, 9 * minute]);
  });
});

describe('latency histogram', () => {
  it('reads percentiles back within a bin of the truth', () => {
    const totals: Record<string, number> = {};
    for (let value = 1; value <= 100; value += 1) {
      for (const [name, count] of Object.entries(latencyIncrements('x', value))) {
        totals[name] = (totals[name] ?? 0) + count;
      }
    }
    const summary = summarizeLatency(totals, 'x');
    expect(summary.count).toBe(100);
    expect(summary.avgMs).toBe(51);
    expect(summary.p50Ms).toBeGreaterThanOrEqual(50);
    expect(summary.p50Ms).toBeLessThanOrEqual(63);
    expect(summary.p99Ms).toBeGreaterThanOrEqual(99);
    expect(summary.p99Ms).toBeLessThanOrEqual(125);
  });

  it('is all zeros without data and puts very slow values in the last bin', () => {
    expect(summarizeLatency({}, 'x')).toEqual({ count: 0, avgMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0 });
    const slow = summarizeLatency(latencyIncrements('x', 10_000_000), 'x');
    expect(slow.p50Ms).toBeGreaterThan(100_000);
  });
});

describe('model prices', () => {
  it('prices gpt-4o-mini by default, offline at 0 and unknown models as unpriced', () => {
    const usage = { promptTokens: 1000, completionTokens: 500 };
    expect(costOf(defaultPriceTable, 'openai:gpt-4o-mini', usage)).toEqual({
      costMicroUsd: 450,
      priced: true,
    });
    expect(costOf(defaultPriceTable, 'offline', usage)).toEqual({ costMicroUsd: 0, priced: true });
    expect(costOf(defaultPriceTable, 'openai:mystery', usage)).toEqual({
      costMicroUsd: 0,
      priced: false,
    });
    expect(serviceOf('openai', 'gpt-4o')).toBe('openai:gpt-4o');
    expect(serviceOf('offline', 'grounded-responder-v1')).toBe('offline');
  });

  it('reads overrides and refuses a malformed table', () => {
    expect(readPriceTable(undefined)).toBe(defaultPriceTable);
    expect(readPriceTable(' ')).toBe(defaultPriceTable);
    const table = readPriceTable(
      '{"gpt-4o-mini":{"input":1,"output":2},"mine":{"input":0,"output":0}}',
    );
    expect(table['gpt-4o-mini']).toEqual({ input: 1, output: 2 });
    expect(table.mine).toEqual({ input: 0, output: 0 });
    expect(table['gpt-4o']).toEqual(defaultPriceTable['gpt-4o']);
    expect(() => readPriceTable('{nope')).toThrow(/must be JSON/);
    expect(() => readPriceTable('{"x":{"input":-1,"output":0}}')).toThrow(/not a price table/);
  });
});

describe('billing summary', () => {
  it('sums per service, animal and day in dollars', () => {
    const day = { replies: 1, promptTokens: 10, completionTokens: 5, estimated: false };
    const bill = summarizeBilling('2025-08', [
      {
        ...day,
        day: '2025-08-01',
        animalId: 'leo',
        service: 'openai:gpt-4o-mini',
        costMicroUsd: 1500,
      },
      {
        ...day,
        day: '2025-08-01',
        animalId: 'bella',
        service: 'openai:gpt-4o-mini',
        costMicroUsd: 500,
      },
      {
        ...day,
        day: '2025-08-02',
        animalId: 'leo',
        service: 'offline',
        costMicroUsd: 0,
        estimated: true,
      },
    ]);
    expect(bill.totalUsd).toBe(0.002);
    expect(bill.byService).toEqual([
      {
        service: 'offline',
        estimatedTokens: true,
        replies: 1,
        promptTokens: 10,
        completionTokens: 5,
        usd: 0,
      },
      {
        service: 'openai:gpt-4o-mini',
        estimatedTokens: false,
        replies: 2,
        promptTokens: 20,
        completionTokens: 10,
        usd: 0.002,
      },
    ]);
    expect(bill.byAnimal.map((entry) => [entry.animalId, entry.usd])).toEqual([
      ['bella', 0.0005],
      ['leo', 0.0015],
    ]);
    expect(bill.byDay.map((entry) => [entry.day, entry.replies])).toEqual([
      ['2025-08-01', 2],
      ['2025-08-02', 1],
    ]);
  });
});

describe('log query', () => {
  it('skips records without a time and keeps unknown levels at the lowest severity', () => {
    const result = queryLogs(
      [
        { time: '2025-01-01T00:00:02.000Z', level: 'custom', msg: 'x' },
        { level: 'info', msg: 'no time' },
        { time: '2025-01-01T00:00:01.000Z', level: 'error', operation: 'a' },
      ],
      { page: 1, pageSize: 10 },
    );
    expect(result.total).toBe(2);
    expect(result.items[1]).toEqual({
      ts: '2025-01-01T00:00:01.000Z',
      level: 'error',
      msg: '',
      meta: { operation: 'a' },
    });
    expect(
      queryLogs([{ time: '2025-01-01T00:00:02.000Z', level: 'custom' }], {
        level: 'debug',
        page: 1,
        pageSize: 1,
      }).total,
    ).toBe(0);
  });
});

describe('recorders on a failing store', () => {
  it('log a warning instead of failing the request or the reply', async () => {
    const failing: CounterStore = {
      bucketMs: minute,
      add: () => Promise.reject(new Error('redis down')),
      sum: () => Promise.resolve({}),
      countDistinct: () => Promise.resolve(0),
    };
    const buffer = new LogRingBuffer(10);
    const quiet = createLogger({ level: 'silent', buffer });
    createPerformanceMetrics({ store: failing, logger: quiet, scope: 'node' }).recordRequest(
      1,
      500,
    );
    createSafetyMetrics({ store: failing, logger: quiet }).record('blocked', {});
    await vi.waitFor(() => expect(buffer.size).toBe(2));
    expect(
      buffer
        .records()
        .map((record) => record.msg)
        .sort(),
    ).toEqual(['performance counters not written', 'safety counters not written']);
  });
});

describe('the safety log tap', () => {
  it('counts only rejected safety codes and ignores other lines', async () => {
    const store = createMemoryCounterStore({ bucketMs: minute, retentionMs: 60 * minute });
    const safety = createSafetyMetrics({ store, logger });
    const buffer = new LogRingBuffer(10);
    const stop = countBlockedInputsFromLog(buffer, safety);
    buffer.write(
      '{"status":"rejected","code":"CMZ_ERR_SAFETY_INPUT_BLOCKED","user":"abc","conversationId":"c1"}\n',
    );
    buffer.write('{"status":"ok","code":"CMZ_ERR_SAFETY_INPUT_BLOCKED"}\n');
    buffer.write('not json CMZ_ERR_SAFETY_INPUT_BLOCKED\n');
    buffer.write('{"status":"rejected","code":"CMZ_ERR_MESSAGE_EMPTY"}\n');
    stop();
    buffer.write('{"status":"rejected","code":"CMZ_ERR_SAFETY_INPUT_BLOCKED"}\n');
    const metrics = await safety.summarize('1h');
    expect(metrics).toMatchObject({
      totalBlocked: 1,
      uniqueUsers: 1,
      uniqueConversations: 1,
      avgRiskScore: 1,
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectClient,
  observeReplies,
  request,
} from '../../../engine/src/testing/socket-client.ts';
import { startRestTestServer, type RestTestServer } from '../testing/start-rest-test-server.ts';

let rest: RestTestServer;
let admin: string;

beforeAll(async () => {
  rest = await startRestTestServer();
  admin = await rest.signIn('test@cmz.org');
});
afterAll(async () => {
  await rest.close();
});

const hour = 3_600_000;
const window = () =>
  `start=${encodeURIComponent(new Date(Date.now() - hour).toISOString())}` +
  `&end=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;

interface Metrics {
  totals: { requests: number; tokensPrompt: number; tokensCompletion: number; costUsd: number };
  perAnimal: { animalId: string; requests: number; avgLatencyMs: number }[];
  latency: Record<string, { count: number; p50Ms: number; p95Ms: number }>;
  scope: string;
}

async function metrics(): Promise<Metrics> {
  const { status, body } = await rest.call('GET', `/performance_metrics?${window()}`, {
    token: admin,
  });
  expect(status, JSON.stringify(body)).toBe(200);
  return body as Metrics;
}

interface Safety {
  totalValidations: number;
  totalBlocked: number;
  totalEscalations: number;
  totalFlagged: number;
  uniqueUsers: number;
  blockedContentRate: number;
  breakdown: { aiDisclosureAnswers: number; crisisAnswers: number; inputBlocked: number };
  metadata: { timeRange: string; animalId: string | null };
}

async function safety(query = ''): Promise<Safety> {
  const { status, body } = await rest.call('GET', `/api/v1/analytics/safety/metrics${query}`, {
    token: admin,
  });
  expect(status, JSON.stringify(body)).toBe(200);
  return body as Safety;
}

async function turn(animalId: string, message: string) {
  return rest.call('POST', '/convo_turn', { body: { animalId, message } });
}

describe('analytics access', () => {
  it.each([
    `/performance_metrics?start=${encodeURIComponent('2025-01-01T00:00:00Z')}&end=${encodeURIComponent('2025-01-02T00:00:00Z')}`,
    '/logs',
    '/billing',
    '/api/v1/analytics/safety/metrics',
  ])('%s is for admins only', async (path) => {
    expect((await rest.call('GET', path)).status).toBe(401);
    const zookeeper = await rest.signIn('zookeeper@cmz.org');
    expect((await rest.call('GET', path, { token: zookeeper })).status).toBe(403);
    expect((await rest.call('GET', path, { token: admin })).status).toBe(200);
  });
});

describe('GET /performance_metrics', () => {
  it('reflects real REST requests and real chat replies', async () => {
    const before = await metrics();
    for (let index = 0; index < 3; index += 1) await rest.call('GET', '/animal_list');
    const reply = await turn('pokey', 'What do you eat?');
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const after = await metrics();
    // Three listings, the turn and the first metrics call itself.
    expect(after.totals.requests).toBeGreaterThanOrEqual(before.totals.requests + 5);
    expect(after.latency.rest?.count).toBe(after.totals.requests);
    const pokeyBefore = before.perAnimal.find((entry) => entry.animalId === 'pokey');
    const pokey = after.perAnimal.find((entry) => entry.animalId === 'pokey');
    expect(pokey?.requests).toBe((pokeyBefore?.requests ?? 0) + 1);
    expect(after.latency.timeToFirstToken?.count).toBe(
      (before.latency.timeToFirstToken?.count ?? 0) + 1,
    );
    expect(after.latency.replyDuration?.count).toBeGreaterThan(0);
    // The offline responder estimates tokens; it costs nothing.
    expect(after.totals.tokensCompletion).toBeGreaterThan(before.totals.tokensCompletion);
    expect(after.totals.costUsd).toBe(0);
    expect(after.scope).toBe('node');
  });

  it('counts socket chats too', async () => {
    const before = await metrics();
    const { socket } = await connectClient(rest.server.url);
    try {
      const observer = observeReplies(socket);
      const join = (await request(socket, 'conversation:join', {
        animalId: 'leo',
        locale: 'en',
      })) as {
        conversationId: string;
      };
      const sent = (await request(socket, 'message:send', {
        conversationId: join.conversationId,
        clientMessageId: 'analytics-socket-1',
        text: 'How loud is your roar?',
      })) as { replyId: string };
      await observer.waitFor(sent.replyId);
    } finally {
      socket.close();
    }
    // onReplyEnd runs after reply:end went out: wait until the counters show it.
    await expect
      .poll(
        async () =>
          (await metrics()).perAnimal.find((entry) => entry.animalId === 'leo')?.requests ?? 0,
        { timeout: 10_000 },
      )
      .toBe((before.perAnimal.find((entry) => entry.animalId === 'leo')?.requests ?? 0) + 1);
  });

  it('refuses a window that ends before it starts', async () => {
    const { status, body } = await rest.call(
      'GET',
      `/performance_metrics?start=${encodeURIComponent('2025-01-02T00:00:00Z')}&end=${encodeURIComponent('2025-01-01T00:00:00Z')}`,
      { token: admin },
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_request' });
  });
});

describe('GET /billing', () => {
  it('sums the usage of real replies per animal and per day', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const before = (await rest.call('GET', `/billing?period=${month}`, { token: admin })).body as {
      byAnimal: { animalId: string; replies: number }[];
    };
    const repliesBefore =
      before.byAnimal.find((entry) => entry.animalId === 'charlie')?.replies ?? 0;
    await turn('charlie', 'Where do you live?');
    await turn('charlie', 'How old are you?');
    const { status, body } = await rest.call('GET', '/billing', { token: admin });
    expect(status, JSON.stringify(body)).toBe(200);
    const bill = body as {
      period: string;
      totalUsd: number;
      byService: { service: string; usd: number; estimatedTokens: boolean }[];
      byAnimal: { animalId: string; replies: number; completionTokens: number }[];
      byDay: { day: string; replies: number }[];
    };
    expect(bill.period).toBe(month);
    const charlie = bill.byAnimal.find((entry) => entry.animalId === 'charlie');
    expect(charlie?.replies).toBe(repliesBefore + 2);
    expect(charlie?.completionTokens).toBeGreaterThan(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(bill.byDay.find((entry) => entry.day === today)?.replies).toBeGreaterThanOrEqual(2);
    expect(bill.byService).toEqual([
      expect.objectContaining({ service: 'offline', usd: 0, estimatedTokens: true }),
    ]);
    expect(bill.totalUsd).toBe(0);
  });

  it('answers an empty month and refuses a month that does not exist', async () => {
    const empty = await rest.call('GET', '/billing?period=2001-01', { token: admin });
    expect(empty.body).toEqual({
      period: '2001-01',
      totalUsd: 0,
      byService: [],
      byAnimal: [],
      byDay: [],
      currency: 'USD',
    });
    expect((await rest.call('GET', '/billing?period=2025-13', { token: admin })).status).toBe(400);
  });
});

describe('GET /logs', () => {
  it('pages the recent structured log, newest first', async () => {
    const first = await rest.call('GET', '/logs?pageSize=2', { token: admin });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const page1 = first.body as {
      items: { ts: string; level: string; msg: string; meta: object }[];
      total: number;
      page: number;
      pageSize: number;
    };
    expect(page1).toMatchObject({ page: 1, pageSize: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.total).toBeGreaterThan(2);
    const [newer, older] = page1.items;
    expect(Date.parse(newer?.ts ?? '')).toBeGreaterThanOrEqual(Date.parse(older?.ts ?? ''));
    const second = (await rest.call('GET', '/logs?pageSize=2&page=2', { token: admin })).body as {
      items: { ts: string }[];
    };
    expect(second.items[0]).not.toEqual(page1.items[0]);
  });

  it('filters by minimum level and time range', async () => {
    const warnings = (await rest.call('GET', '/logs?level=warn&pageSize=1000', { token: admin }))
      .body as { items: { level: string }[] };
    for (const item of warnings.items) expect(['warn', 'error', 'fatal']).toContain(item.level);
    const future = new Date(Date.now() + hour).toISOString();
    const none = (
      await rest.call('GET', `/logs?start=${encodeURIComponent(future)}`, { token: admin })
    ).body as { items: unknown[]; total: number };
    expect(none).toMatchObject({ items: [], total: 0 });
    const past = new Date(Date.now() - hour).toISOString();
    const old = (await rest.call('GET', `/logs?end=${encodeURIComponent(past)}`, { token: admin }))
      .body as { total: number };
    expect(old.total).toBe(0);
  });

  it('never shows what a child wrote, nor names or emails', async () => {
    const secret = 'Zebulonquartz is my name and I live on Elmstreet';
    await turn('bella', secret);
    const { body } = await rest.call('GET', '/logs?pageSize=1000&level=debug', { token: admin });
    const text = JSON.stringify(body);
    expect((body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect(text).not.toContain('Zebulonquartz');
    expect(text).not.toContain('Elmstreet');
    expect(text).not.toContain('test@cmz.org');
  });
});

describe('GET /api/v1/analytics/safety/metrics', () => {
  it('counts a blocked REST message, for its animal too', async () => {
    const before = await safety();
    const beforeBella = await safety('?animalId=bella&time_range=1h');
    const blocked = await turn('bella', 'f.u.c.k this');
    expect(blocked.status).toBeGreaterThanOrEqual(400);
    expect(blocked.status).toBeLessThan(500);
    const after = await safety();
    expect(after.totalBlocked).toBe(before.totalBlocked + 1);
    expect(after.totalValidations).toBe(before.totalValidations + 1);
    expect(after.totalFlagged).toBe(before.totalFlagged + 1);
    expect(after.blockedContentRate).toBeGreaterThan(0);
    const bella = await safety('?animalId=bella&time_range=1h');
    expect(bella.totalBlocked).toBe(beforeBella.totalBlocked + 1);
    expect(bella.metadata).toMatchObject({ timeRange: '1h', animalId: 'bella' });
  });

  it('counts a blocked socket message from the structured log', async () => {
    const before = await safety();
    const { socket } = await connectClient(rest.server.url);
    try {
      const join = (await request(socket, 'conversation:join', {
        animalId: 'leo',
        locale: 'en',
      })) as {
        conversationId: string;
      };
      const sent = (await request(socket, 'message:send', {
        conversationId: join.conversationId,
        clientMessageId: 'analytics-blocked-1',
        text: 'f.u.c.k this',
      })) as { ok: boolean; code?: string };
      expect(sent).toMatchObject({ ok: false, code: 'CMZ_ERR_SAFETY_INPUT_BLOCKED' });
    } finally {
      socket.close();
    }
    const after = await safety();
    expect(after.totalBlocked).toBe(before.totalBlocked + 1);
    expect(after.uniqueUsers).toBeGreaterThanOrEqual(1);
  });

  it('counts crisis answers as escalations and AI-disclosure answers', async () => {
    const before = await safety('?time_range=7d');
    expect((await turn('bella', 'I want to kill myself')).status).toBe(200);
    expect((await turn('bella', 'Are you a robot?')).status).toBe(200);
    const after = await safety('?time_range=7d');
    expect(after.totalEscalations).toBe(before.totalEscalations + 1);
    expect(after.breakdown.crisisAnswers).toBe(before.breakdown.crisisAnswers + 1);
    expect(after.breakdown.aiDisclosureAnswers).toBe(before.breakdown.aiDisclosureAnswers + 1);
    expect(after.totalValidations).toBe(before.totalValidations + 2);
  });

  it('refuses an unknown time range', async () => {
    const { status } = await rest.call('GET', '/api/v1/analytics/safety/metrics?time_range=2y', {
      token: admin,
    });
    expect(status).toBe(400);
  });
});

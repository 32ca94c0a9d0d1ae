/**
 * Plugin hot-reload benchmark (`npx tsx --expose-gc load/src/plugin-reload-bench.ts`): reloads a
 * realistic quiz plugin in a real in-memory engine, first with new code every time (a new content
 * hash: new snapshot, new module graph — the worst case), then with unchanged code. Prints
 * latency percentiles and heap/RSS growth next to the goals; asserts nothing and exits 0.
 *
 * `BENCH_RELOADS` changes the number of reloads per phase (default 200).
 *
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { createPluginFixture } from '../../engine/src/testing/plugin-fixtures.ts';
import { createTestEngine } from '../../engine/src/testing/test-engine.ts';
import { summarize, percentile } from './percentiles.ts';
import { quizPluginFiles, revisionSource } from './reload-bench-fixture.ts';

const reloads = Number(process.env.BENCH_RELOADS ?? 200);
const warmUpReloads = 5;
const goals = { reloadMs: 200, heapGrowthMb: 20 };
const megabyte = 1024 * 1024;

interface MemorySample {
  heapUsed: number;
  rss: number;
  external: number;
}

interface PhaseResult {
  latencies: number[];
  before: MemorySample;
  after: MemorySample;
}

const collectGarbage = globalThis.gc;
if (collectGarbage === undefined) {
  console.warn(
    'warning: run with --expose-gc; without it heap numbers include uncollected garbage',
  );
}

const files = quizPluginFiles(0);
const fixture = await createPluginFixture('quiz', files);
const testEngine = await createTestEngine({
  engineOptions: {
    pluginLoader: { baseDirectory: dirname(fixture.directory), snapshotRoot: fixture.snapshotRoot },
  },
});
const { engine } = testEngine;
let revision = 0;

try {
  await engine.plugins.start({
    plugins: [{ name: 'quiz', path: fixture.directory, options: {}, enabled: true }],
  });
  // Warm-up: the first imports pay for the transformer, zod and express; that is not reload cost.
  for (let index = 0; index < warmUpReloads; index++) await reloadWithNewCode();

  const changed = await measure(reloadWithNewCode);
  const liveReply = await quizReply();
  const unchanged = await measure(() => engine.plugins.reload('quiz'));
  const snapshotBytes = await directorySize(fixture.snapshotRoot);
  const snapshotCount = (await readdir(join(fixture.snapshotRoot, 'quiz'))).length;

  printReport({ changed, unchanged, liveReply, snapshotBytes, snapshotCount });
} finally {
  await testEngine.close();
  await fixture.remove();
}

async function reloadWithNewCode(): Promise<unknown> {
  revision += 1;
  await fixture.write({ 'src/revision.ts': revisionSource(revision) });
  const started = performance.now();
  await engine.plugins.reload('quiz');
  return performance.now() - started;
}

/** Runs `reloads` reloads; the file write of a changed-code reload is not part of its latency. */
async function measure(reload: () => Promise<unknown>): Promise<PhaseResult> {
  const before = await settledMemory();
  const latencies: number[] = [];
  for (let index = 0; index < reloads; index++) {
    const started = performance.now();
    const reported = await reload();
    latencies.push(typeof reported === 'number' ? reported : performance.now() - started);
  }
  return { latencies, before, after: await settledMemory() };
}

/** Memory once retired versions were disposed and garbage was collected. */
async function settledMemory(): Promise<MemorySample> {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage?.();
  }
  const { heapUsed, rss, external } = process.memoryUsage();
  return { heapUsed, rss, external };
}

/** Asks the live engine for a quiz question, proving the latest version answers. */
async function quizReply(): Promise<string> {
  const { reply } = await testEngine.send({ text: 'quiz me', animalId: 'leo' });
  return reply.end?.text.split('\n')[0] ?? '(no reply)';
}

async function directorySize(directory: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) total += await directorySize(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

function printReport(report: {
  changed: PhaseResult;
  unchanged: PhaseResult;
  liveReply: string;
  snapshotBytes: number;
  snapshotCount: number;
}): void {
  const { changed, unchanged } = report;
  const pluginBytes = Object.values(files).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const cpus = os.cpus();
  console.log(
    `\nCMZ plugin reload benchmark · Node ${process.version} · ${os.platform()} ${os.arch()} · ` +
      `${cpus.length} × ${cpus[0]?.model ?? 'cpu'} · ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`,
  );
  console.log(
    `plugin "quiz": ${Object.keys(files).length} files, ${(pluginBytes / 1024).toFixed(1)} KB; ` +
      `${reloads} reloads per phase after ${warmUpReloads} warm-up reloads; ` +
      `gc ${collectGarbage ? 'exposed' : 'NOT exposed'}\n`,
  );
  console.log(summarize('reload, changed code (new hash each time)', changed.latencies));
  console.log(summarize('reload, unchanged code', unchanged.latencies));
  console.log('');
  const rows: [string, string, string, string][] = [
    ['measure', 'value', 'goal', ''],
    ...latencyRows('changed code', changed.latencies),
    memoryRow('changed code: heap growth', changed, 'heapUsed', goals.heapGrowthMb),
    memoryRow('changed code: RSS growth', changed, 'rss'),
    memoryRow('changed code: external growth', changed, 'external'),
    ...latencyRows('unchanged code', unchanged.latencies),
    memoryRow('unchanged code: heap growth', unchanged, 'heapUsed', goals.heapGrowthMb),
    memoryRow('unchanged code: RSS growth', unchanged, 'rss'),
    [
      'snapshots on disk',
      `${report.snapshotCount} dirs, ${(report.snapshotBytes / megabyte).toFixed(1)} MB`,
      '',
      '',
    ],
    ['recycle recommended', String(engine.plugins.recycleRecommended), '', ''],
  ];
  for (const [label, value, goal, verdict] of rows)
    console.log(`${label.padEnd(36)}${value.padStart(22)}  ${goal.padEnd(10)}${verdict}`);
  console.log(`\nlive version answers: ${report.liveReply}`);
  console.log(`(last revision written: ${revision})`);
}

function latencyRows(phase: string, latencies: number[]): [string, string, string, string][] {
  return (
    [
      ['p95', percentile(latencies, 95)],
      ['max', Math.max(...latencies)],
    ] as const
  ).map(([label, value]) => [
    `${phase}: ${label} per reload`,
    `${value.toFixed(1)} ms`,
    `≤ ${goals.reloadMs} ms`,
    value <= goals.reloadMs ? 'PASS' : 'OVER',
  ]);
}

function memoryRow(
  label: string,
  phase: PhaseResult,
  field: keyof MemorySample,
  goalMb?: number,
): [string, string, string, string] {
  const growth = (phase.after[field] - phase.before[field]) / megabyte;
  const range = `${(phase.before[field] / megabyte).toFixed(1)} → ${(phase.after[field] / megabyte).toFixed(1)}`;
  const value = `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB (${range})`;
  if (goalMb === undefined) return [label, value, '', ''];
  return [label, value, `≤ ${goalMb} MB`, growth <= goalMb ? 'PASS' : 'OVER'];
}

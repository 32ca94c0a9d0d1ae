// Runs the whole test suite and ends with the plain line `N passed, N failed` that CI reads,
// because neither vitest's nor Playwright's own summary is a line CI understands:
//   1. vitest with v8 line coverage (engine, REST layer, plugins, scripts; ≥ 90 % lines),
//   2. the web app's own vitest suite (SvelteKit needs its own config),
//   3. the web app's production build, then the Playwright browser journeys in Debian's Chromium.
// Each stage's counts come from its JSON report; a stage that wrote none counts as one failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const resultsDirectory = '.test-results';
rmSync(resultsDirectory, { recursive: true, force: true });
mkdirSync(resultsDirectory, { recursive: true });
const environment = { ...process.env, OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

function run(label, command, commandArguments, options = {}) {
  console.log(`\n── ${label} ──`);
  const result = spawnSync(command, commandArguments, {
    stdio: 'inherit',
    env: environment,
    ...options,
  });
  if (result.status !== 0) exitCode = 1;
  return result.status === 0;
}

function countVitest(file, label) {
  if (!existsSync(file)) {
    totals.failed += 1;
    console.error(`${label} wrote no results: counting it as failed`);
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A file that fails to load has no tests of its own: count it once, on top of failed tests.
  const brokenFiles = (report.testResults ?? []).filter(
    (entry) => entry.status === 'failed' && (entry.assertionResults ?? []).length === 0,
  ).length;
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += (report.numFailedTests ?? 0) + brokenFiles;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) {
    totals.failed += 1;
    console.error('the browser journeys wrote no results: counting them as failed');
    return;
  }
  const stats = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  totals.failed += stats.unexpected ?? 0;
  totals.skipped += stats.skipped ?? 0;
}

const vitestBin = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const extraArguments = process.argv.slice(2);
run('unit and integration tests (vitest, coverage)', process.execPath, [
  vitestBin,
  'run',
  '--coverage',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsDirectory}/vitest.json`,
  ...extraArguments,
]);
countVitest(`${resultsDirectory}/vitest.json`, 'vitest');

if (extraArguments.length === 0) {
  // The web app's tests run with its own Vite config (svelte-kit sync, a build, then vitest).
  run('web app tests (vitest)', 'npm', [
    'test',
    '-w',
    'web',
    '--',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=../${resultsDirectory}/web-vitest.json`,
  ]);
  countVitest(`${resultsDirectory}/web-vitest.json`, 'web vitest');
}

if (existsSync('e2e/playwright.config.ts') && extraArguments.length === 0) {
  const built = run('web app build (when stale)', process.execPath, [
    'web/scripts/build-if-stale.mjs',
  ]);
  if (built) {
    const playwrightBin = join(
      dirname(require.resolve('@playwright/test/package.json', { paths: ['e2e'] })),
      'cli.js',
    );
    run('browser journeys (Playwright, Debian Chromium)', process.execPath, [
      playwrightBin,
      'test',
      '--config',
      'e2e/playwright.config.ts',
    ]);
    countPlaywright(`${resultsDirectory}/playwright.json`);
    // The chat route's JavaScript budget (150 KB gzip) is part of the contract: over it fails.
    if (!run('chat route bundle budget', 'npm', ['run', 'check:bundle', '-w', 'e2e']))
      totals.failed += 1;
  } else {
    totals.failed += 1;
  }
}

if (totals.failed > 0) exitCode = 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode);

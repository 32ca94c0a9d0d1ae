// Runs the whole test suite (vitest with v8 line coverage) and ends with the plain line
// `N passed, N failed` that CI reads, because vitest's own summary is not a line CI understands.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const resultsDirectory = '.test-results';
const vitestJson = `${resultsDirectory}/vitest.json`;
rmSync(resultsDirectory, { recursive: true, force: true });
mkdirSync(resultsDirectory, { recursive: true });

const vitestBin = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const extraArguments = process.argv.slice(2);
const vitest = spawnSync(
  process.execPath,
  [
    vitestBin,
    'run',
    '--coverage',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
    ...extraArguments,
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests ?? 0;
  // A file that fails to load has no tests of its own: count it once, on top of failed tests.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
  ).length;
  failed += (report.numFailedTests ?? 0) + brokenFiles;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} else {
  failed += 1;
  console.error('vitest wrote no results: counting the run as failed');
}

const exitCode = vitest.status === 0 && failed === 0 ? 0 : 1;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(exitCode);

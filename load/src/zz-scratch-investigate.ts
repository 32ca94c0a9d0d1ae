import { getHeapSpaceStatistics } from 'node:v8';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPluginFixture } from '../../engine/src/testing/plugin-fixtures.ts';
import { snapshotDirectory } from '../../engine/src/plugins/plugin-snapshot.ts';
import { loadPlugin } from '../../engine/src/plugins/plugin-loader.ts';
import { stripTypeScriptTypes } from 'node:module';
import { quizPluginFiles as tsFiles, revisionSource as tsRevision } from './reload-bench-fixture.ts';
const asJs = process.env.ASJS === '1';
const toJs = (path: string, text: string): [string, string] => asJs ? [path.replace(/\.ts$/, '.mjs'), stripTypeScriptTypes(text, { mode: 'strip' }).replace(/from '(\.\/[a-z-]+)\.ts'/g, "from '$1.mjs'")] : [path, text];
const quizPluginFiles = (r: number) => Object.fromEntries(Object.entries(tsFiles(r)).map(([p, t]) => toJs(p, t)));
const revisionSource = (r: number) => tsRevision(r);


const mode = process.argv[2] ?? 'load';
const count = 200;
const gc = globalThis.gc as () => void;
async function settle() { for (let i = 0; i < 3; i++) { await new Promise((r) => setImmediate(r)); gc(); } }
function spaces() { return Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size])); }
if (process.env.NOSM) process.setSourceMapsEnabled(false);
console.log('sourceMapsEnabled', process.sourceMapsEnabled);
const fixture = await createPluginFixture('quiz', quizPluginFiles(0));
if (asJs) await fixture.write({ 'package.json': JSON.stringify({ name: 'q', type: 'module', exports: './src/index.mjs' }) });
const entry = { name: 'quiz', path: fixture.directory, options: {}, enabled: true };
const options = { baseDirectory: dirname(fixture.directory), snapshotRoot: fixture.snapshotRoot, engineVersion: '0.1.0' };
const keep: unknown[] = [];
for (let r = 1; r <= 5; r++) { await fixture.write({ [asJs ? 'src/revision.mjs' : 'src/revision.ts']: revisionSource(r) }); await loadPlugin(entry, options); }
await settle();
const h0 = process.memoryUsage(); const s0 = spaces();
for (let r = 6; r < 6 + count; r++) {
  await fixture.write({ [asJs ? 'src/revision.mjs' : 'src/revision.ts']: revisionSource(r) });
  if (mode === 'snapshot') await snapshotDirectory(fixture.directory, fixture.snapshotRoot);
  else if (mode === 'import') { const { snapshot } = await snapshotDirectory(fixture.directory, fixture.snapshotRoot); await import(pathToFileURL(join(snapshot, asJs ? 'src/index.mjs' : 'src/index.ts')).href); }
  else if (mode === 'importjs') { const { snapshot } = await snapshotDirectory(fixture.directory, fixture.snapshotRoot); await import(pathToFileURL(join(snapshot, 'src/revision.ts')).href); }
  else await loadPlugin(entry, options);
}
await settle();
const h1 = process.memoryUsage(); const s1 = spaces();
const mb = (n: number) => (n / 1048576).toFixed(1);
console.log(mode, 'heap +', mb(h1.heapUsed - h0.heapUsed), 'rss +', mb(h1.rss - h0.rss));
for (const [k, v] of Object.entries(s1)) { const d = v - (s0[k] ?? 0); if (Math.abs(d) > 200_000) console.log('  ', k, '+', mb(d)); }
void keep;
await fixture.remove();

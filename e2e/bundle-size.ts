/**
 * The JavaScript budget of the chat route: the gzip size of every script a first visit to
 * `/chat/<animalId>` loads must stay ≤ 150 KB (150 × 1024 bytes; `BUNDLE_BUDGET_KB` overrides).
 *
 * What counts: Kit's client entries (`entry/start`, `entry/app`), the root layout's node and the
 * chat page's node, each with all of its static imports, followed through the Vite client manifest
 * (`web/.svelte-kit/output/client/.vite/manifest.json`). Dynamic imports (other routes, lazily
 * loaded code) do not count: the chat page does not load them. Which nodes the route uses is read
 * from Kit's server manifest (`routes[].page.layouts/leaf`), and the result is checked against the
 * `imports` Kit itself preloads for those nodes (`output/server/nodes/<n>.js`); a file Kit preloads
 * that is not a static import (the client runtime, imported dynamically by the entry at once) is
 * counted too.
 *
 * Sizes are the `.gz` files adapter-node serves from `web/build/client/_app/immutable` (gzip level
 * 9 computed here when one is missing). Prints a table and PASS or OVER; exits 1 only when OVER
 * (2 when the build is missing or unreadable).
 *
 * Run after `npm run build -w web`:  `npm run check:bundle -w e2e`  (or `npx tsx e2e/bundle-size.ts`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '../web');
const viteManifestPath = join(web, '.svelte-kit/output/client/.vite/manifest.json');
const kitServer = join(web, '.svelte-kit/output/server');
const clientRoot = join(web, 'build/client');
const routeId = process.env.BUNDLE_ROUTE ?? '/chat/[animalId]';
const budgetBytes = Number(process.env.BUNDLE_BUDGET_KB ?? 150) * 1024;

interface ViteChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function fail(message: string): never {
  console.error(`bundle-size: ${message}`);
  process.exit(2);
}

for (const path of [viteManifestPath, join(kitServer, 'manifest.js'), clientRoot]) {
  if (!existsSync(path)) fail(`${path} is missing: run \`npm run build -w web\` first`);
}
const vite = JSON.parse(readFileSync(viteManifestPath, 'utf8')) as Record<string, ViteChunk>;

// Kit's server manifest: the client entries and the nodes (layouts + leaf) of the route.
const kitManifest = readFileSync(join(kitServer, 'manifest.js'), 'utf8');
const escaped = routeId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const route = new RegExp(
  `id: "${escaped}",[\\s\\S]*?page: \\{ layouts: \\[([\\d,\\s]*)\\], errors: \\[[\\d,\\s]*\\], leaf: (\\d+) \\}`,
).exec(kitManifest);
if (!route) fail(`route ${routeId} not found in ${join(kitServer, 'manifest.js')}`);
const nodeIndexes = [
  ...(route[1] as string)
    .split(',')
    .filter((part) => part.trim() !== '')
    .map(Number),
  Number(route[2]),
];
const startFile = /start:"([^"]+)"/.exec(kitManifest)?.[1];
const appFile = /app:"([^"]+)"/.exec(kitManifest)?.[1];
if (!startFile || !appFile) fail('client entries not found in the Kit manifest');

// The roots, as Vite manifest keys.
const keyByFile = new Map(Object.entries(vite).map(([key, chunk]) => [chunk.file, key]));
const rootKey = (file: string) =>
  keyByFile.get(file) ?? fail(`${file} is not in the Vite manifest`);
const nodeFile = (index: number) => {
  const key = Object.keys(vite).find((candidate) =>
    candidate.endsWith(`client-optimized/nodes/${index}.js`),
  );
  return key ?? fail(`node ${index} is not in the Vite manifest`);
};
const roots = [rootKey(startFile), rootKey(appFile), ...nodeIndexes.map(nodeFile)];

// Static imports, transitively (dynamic imports are loaded later, if ever).
const files = new Set<string>();
const visit = (key: string) => {
  const chunk = vite[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
roots.forEach(visit);

// Cross-check with what Kit preloads for the same entries and nodes.
const kitFiles = new Set<string>();
const entryImports = /imports:\[([^\]]*)\]/.exec(kitManifest)?.[1] ?? '';
for (const match of entryImports.matchAll(/"([^"]+)"/g)) kitFiles.add(match[1] as string);
for (const index of nodeIndexes) {
  const node = readFileSync(join(kitServer, `nodes/${index}.js`), 'utf8');
  const list = /export const imports = \[([^\]]*)\]/.exec(node)?.[1] ?? '';
  for (const match of list.matchAll(/"([^"]+)"/g)) kitFiles.add(match[1] as string);
}
const onlyVite = [...files].filter((file) => !kitFiles.has(file));
const onlyKit = [...kitFiles].filter((file) => !files.has(file));
// Kit preloads a chunk the entry imports dynamically at once (the client runtime): it is loaded
// on every first visit, so it counts. The total is the union of both lists.
for (const file of onlyKit) files.add(file);

const rows = [...files].sort().map((file) => {
  const path = join(clientRoot, file);
  if (!existsSync(path)) fail(`${path} is missing (stale build?)`);
  const raw = statSync(path).size;
  const gz = existsSync(`${path}.gz`)
    ? statSync(`${path}.gz`).size
    : gzipSync(readFileSync(path), { level: 9 }).length;
  return { file, raw, gz };
});
const total = rows.reduce((sum, row) => sum + row.gz, 0);
const totalRaw = rows.reduce((sum, row) => sum + row.raw, 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

console.log(`JavaScript loaded by ${routeId} (nodes ${nodeIndexes.join(', ')} + client entries):`);
for (const row of rows) {
  console.log(
    `  ${row.file.padEnd(48)} ${kb(row.raw).padStart(10)} ${kb(row.gz).padStart(10)} gzip`,
  );
}
console.log(`  ${'total'.padEnd(48)} ${kb(totalRaw).padStart(10)} ${kb(total).padStart(10)} gzip`);
if (onlyVite.length > 0 || onlyKit.length > 0) {
  console.log(
    `  note: counted the union with Kit's preload list (only in the Vite static closure: ${onlyVite.join(', ') || '-'}; only preloaded by Kit: ${onlyKit.join(', ') || '-'})`,
  );
}
const verdict = total <= budgetBytes ? 'PASS' : 'OVER';
console.log(
  `${verdict}: ${kb(total)} gzip of ${kb(budgetBytes)} budget (${total} of ${budgetBytes} bytes)`,
);
process.exit(verdict === 'OVER' ? 1 : 0);

// Builds the web app when web/build is missing or older than its sources. Used by the root
// `npm start` so a fresh clone (or an edited page) just works: `node web/scripts/build-if-stale.mjs`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(web, 'build', 'handler.js');
const sources = ['src', 'static', 'vite.config.ts', 'package.json'].map((entry) =>
  join(web, entry),
);

function newest(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = stats.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = existsSync(output) ? statSync(output).mtimeMs : 0;
const changed = Math.max(...sources.map(newest));
if (built > 0 && built >= changed) process.exit(0);

console.log(built ? 'The web app changed: rebuilding it…' : 'Building the web app (first start)…');
const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: web, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('Could not build the web app (see above). Fix it, or run `npm run build -w web`.');
  process.exit(result.status ?? 1);
}

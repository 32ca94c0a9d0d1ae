/**
 * Tells whether a script was started directly (`tsx scripts/x.ts`) or imported (by a test), so a
 * CLI module can export its functions and still run its `main` when it is the entry point.
 *
 * @module
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * True when the module at `moduleUrl` is the process's entry script.
 *
 * @example
 * ```ts
 * if (isMainModule(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export function isMainModule(moduleUrl: string, entry = process.argv[1]): boolean {
  // `import.meta.main` would say this directly, but tsx leaves it undefined; compare real paths
  // instead, so a symlinked checkout still matches.
  if (entry === undefined) return false;
  return realPath(resolve(entry)) === realPath(fileURLToPath(moduleUrl));
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Turns a plugin's TypeScript into the JavaScript its snapshot holds. Importing `.ts` through tsx
 * costs about twice the memory of the same module as JavaScript (esbuild output plus an inline
 * source map that Node's source-map cache keeps), and a reload leaks that cost for good. Node's
 * own `stripTypeScriptTypes` replaces type syntax with spaces, so lines and columns stay where
 * they were and stack traces need no source map.
 *
 * @module
 */
import { stripTypeScriptTypes } from 'node:module';
import { posix } from 'node:path';
import { findImportSpecifiers } from './plugin-import-scan.ts';

/**
 * Changes whenever the transpiled output could change (this file's logic, or Node's bundled
 * stripper `amaro`), so snapshots made by another transpiler are never reused.
 *
 * @example
 * ```ts
 * transpilerVersion; // 'js1-amaro1.1.11'
 * ```
 */
export const transpilerVersion = `js1-amaro${process.versions.amaro ?? 'none'}`;

/**
 * The JavaScript file name for a TypeScript module, or `undefined` for anything else
 * (declaration files have no runtime code; `.tsx` and `.cts` stay with the host's loader).
 *
 * @example
 * ```ts
 * transpiledName('src/index.ts'); // 'src/index.js'
 * transpiledName('src/types.d.ts'); // undefined
 * ```
 */
export function transpiledName(path: string): string | undefined {
  if (/\.d(\.[^./]+)?\.[cm]?ts$/.test(path)) return undefined;
  if (path.endsWith('.ts')) return `${path.slice(0, -'.ts'.length)}.js`;
  if (path.endsWith('.mts')) return `${path.slice(0, -'.mts'.length)}.mjs`;
  return undefined;
}

/**
 * Strips the types from one module. Erasable syntax (all the project allows) is replaced by
 * whitespace. Enums, namespaces and parameter properties need `transform` mode, whose output
 * moves code around: it carries an inline source map pointing at the `.ts` original, which the
 * snapshot keeps. Returns `undefined` when the file is not valid TypeScript, so it is left to
 * the host's loader, which reports the error where it happens.
 *
 * @example
 * ```ts
 * stripTypes('export const x: number = 1;\n', 'x.ts'); // 'export const x         = 1;\n'
 * ```
 */
export function stripTypes(code: string, fileName: string): string | undefined {
  try {
    return stripTypeScriptTypes(code, { mode: 'strip' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX') return undefined;
  }
  try {
    return stripTypeScriptTypes(code, {
      mode: 'transform',
      sourceMap: true,
      sourceUrl: posix.basename(fileName),
    });
  } catch {
    return undefined;
  }
}

/**
 * Rewrites relative specifiers (`./x.ts`, `../y.mts`) for which `isTranspiled` says a JavaScript
 * twin exists to that twin (`./x.js`, `../y.mjs`); everything else is left as written.
 *
 * @example
 * ```ts
 * rewriteImports(`import { a } from './a.ts';`, () => true); // "import { a } from './a.js';"
 * ```
 */
export function rewriteImports(code: string, isTranspiled: (specifier: string) => boolean): string {
  let result = '';
  let copied = 0;
  for (const { value, start, end } of findImportSpecifiers(code)) {
    if (!value.startsWith('./') && !value.startsWith('../')) continue;
    const renamed = transpiledName(value);
    if (renamed === undefined || !isTranspiled(value)) continue;
    result += code.slice(copied, start) + renamed;
    copied = end;
  }
  return result + code.slice(copied);
}

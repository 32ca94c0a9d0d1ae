import { describe, expect, it } from 'vitest';
import {
  rewriteImports,
  stripTypes,
  transpiledName,
  transpilerVersion,
} from './plugin-transpile.ts';

describe('transpiledName', () => {
  it.each([
    ['src/index.ts', 'src/index.js'],
    ['src/worker.mts', 'src/worker.mjs'],
    ['./a/b.ts', './a/b.js'],
    ['src/types.d.ts', undefined],
    ['src/types.d.mts', undefined],
    ['src/styles.d.css.ts', undefined],
    ['src/view.tsx', undefined],
    ['src/legacy.cts', undefined],
    ['data.json', undefined],
  ])('%s → %s', (path, expected) => {
    expect(transpiledName(path)).toBe(expected);
  });
});

describe('stripTypes', () => {
  it('replaces erasable types by whitespace, keeping every line and column', () => {
    const source = `import type { A } from './a.ts';\nexport const x: number = 1;\nexport function f<T>(value: T): T {\n  return value as T;\n}\n`;
    const code = stripTypes(source, 'x.ts') as string;
    expect(code).not.toContain('number');
    expect(code).not.toContain('import type');
    expect(code.length).toBe(source.length);
    expect(code.split('\n').map((line) => line.length)).toEqual(
      source.split('\n').map((line) => line.length),
    );
    expect(code.indexOf('return value')).toBe(source.indexOf('return value'));
  });

  it('transforms non-erasable syntax (enum) with an inline source map to the original', () => {
    const code = stripTypes('export enum Mood { Calm, Hungry }\n', 'src/mood.ts') as string;
    expect(code).toContain('Hungry');
    expect(code).not.toContain('enum');
    expect(code).toMatch(/\/\/# sourceMappingURL=data:application\/json;base64,/);
    const map = code.split('base64,')[1] as string;
    expect(JSON.parse(Buffer.from(map, 'base64').toString('utf8')).sources).toEqual(['mood.ts']);
  });

  it('gives up on code that does not parse', () => {
    expect(stripTypes('export default () => ({ name: "broken", \n', 'broken.ts')).toBeUndefined();
  });
});

describe('rewriteImports', () => {
  it('rewrites transpiled relative .ts and .mts specifiers and nothing else', () => {
    const code = `import { a } from './a.ts';
import b from '../up/b.mts';
export * from './c.ts';
const d = await import('./d.ts');
import pkg from 'some-package/file.ts';
import json from './data.json' with { type: 'json' };
import kept from './not-transpiled.ts';
const text = "from './string.ts'"; // from './comment.ts'
`;
    const rewritten = rewriteImports(code, (specifier) => specifier !== './not-transpiled.ts');
    expect(rewritten).toBe(`import { a } from './a.js';
import b from '../up/b.mjs';
export * from './c.js';
const d = await import('./d.js');
import pkg from 'some-package/file.ts';
import json from './data.json' with { type: 'json' };
import kept from './not-transpiled.ts';
const text = "from './string.ts'"; // from './comment.ts'
`);
  });

  it('returns code without relative TypeScript imports unchanged', () => {
    const code = `import { z } from 'zod';\nexport default z.string();\n`;
    expect(rewriteImports(code, () => true)).toBe(code);
  });
});

describe('transpilerVersion', () => {
  it('names this transpiler and the Node stripper it relies on', () => {
    expect(transpilerVersion).toMatch(/^js\d+-amaro\d+\.\d+\.\d+$/);
  });
});

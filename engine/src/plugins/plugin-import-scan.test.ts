import { readdir, readFile } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { findImportSpecifiers } from './plugin-import-scan.ts';

const values = (code: string) => findImportSpecifiers(code).map((found) => found.value);

describe('findImportSpecifiers', () => {
  it('finds static imports, re-exports and literal dynamic imports, with exact offsets', () => {
    const code = `import a from './a.ts';
import './side.ts';
import b, { c as d, 'e-f' as ef } from "./b.ts";
import * as all from './all.ts';
import json from './data.json' with { type: 'json' };
export * from './star.ts';
export * as named from './named.ts';
export { x, y as z } from './re.ts';
const later = await import('./lazy.ts');
const withOptions = import('./opts.ts', { with: { type: 'json' } });
`;
    const found = findImportSpecifiers(code);
    expect(found.map((entry) => entry.value)).toEqual([
      './a.ts',
      './side.ts',
      './b.ts',
      './all.ts',
      './data.json',
      './star.ts',
      './named.ts',
      './re.ts',
      './lazy.ts',
      './opts.ts',
    ]);
    for (const { value, start, end } of found) expect(code.slice(start, end)).toBe(value);
  });

  it('ignores import-like text in strings, comments, templates and regular expressions', () => {
    const code = `// import x from './line-comment.ts';
/* export * from './block-comment.ts'; */
const single = "import y from './in-string.ts'";
const template = \`import('./in-template.ts') \${"}" + \`nested \${ { a: 1 }.a } from './deep.ts'\`} from './tail.ts'\`;
const pattern = /from '.\\/in-regex.ts'/g;
const ratio = 4 / 2; const other = 6 / 3; // a division is not a regex
const klass = /[/]import('.\\/class.ts')/;
import real from './real.ts';
`;
    expect(values(code)).toEqual(['./real.ts']);
  });

  it('ignores property names, import.meta, computed dynamic imports and exports without from', () => {
    const code = `loader.import('./method.ts');
maybe?.import('./optional.ts');
const meta = import.meta.url;
const computed = import('./' + name + '.ts');
const templated = import(\`./\${name}.ts\`);
const object = { import: './key.ts', from: './value.ts' };
export const from = 'not-a-module';
export { local };
export default 'plain';
const spread = [...await import('./spread.ts')];
`;
    expect(values(code)).toEqual(['./spread.ts']);
  });

  it('skips a hashbang line and handles a binding named from', () => {
    expect(values(`#!/usr/bin/env node\nimport from from './from.ts';\n`)).toEqual(['./from.ts']);
  });

  it('agrees with the TypeScript compiler on the engine and scripts sources', async () => {
    const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
    const directories = ['engine/src/plugins', 'engine/src/pipeline', 'scripts', 'load/src'];
    let compared = 0;
    for (const directory of directories) {
      for (const name of await readdir(join(projectRoot, directory))) {
        if (!name.endsWith('.ts')) continue;
        const source = await readFile(join(projectRoot, directory, name), 'utf8');
        let code: string;
        try {
          code = stripTypeScriptTypes(source, { mode: 'strip' });
        } catch {
          continue;
        }
        // `preProcessFile` also reports `require(...)` calls: none of these modules uses one.
        const expected = ts
          .preProcessFile(code, true, true)
          .importedFiles.map((file) => file.fileName);
        expect(values(code), `${directory}/${name}`).toEqual(expected);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { errorCatalog } from './error-catalog.ts';

const documentation = await readFile(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('docs/errors.md', () => {
  const documented = [...documentation.matchAll(/^## (CMZ_ERR_[A-Z_]+)$/gm)].map(
    (match) => match[1],
  );

  it('documents every catalog code with its status and temporary flag', () => {
    for (const [code, definition] of Object.entries(errorCatalog)) {
      expect(documented, `${code} is missing from docs/errors.md`).toContain(code);
      const section = documentation.split(`## ${code}\n`)[1]?.split('\n## ')[0] ?? '';
      expect(section).toContain(`HTTP ${definition.status}`);
      expect(section).toContain(`temporary: ${definition.temporary ? 'yes' : 'no'}`);
    }
  });

  it('documents no code that the catalog does not have', () => {
    for (const code of documented) expect(Object.keys(errorCatalog)).toContain(code);
  });
});

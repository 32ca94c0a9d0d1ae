import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expectedOperations } from '../spec/expected-operations.ts';
import { operationRoutes } from './operation-routes.ts';
import { renderRoleMatrixMarkdown } from './render-role-matrix.ts';
import { roleMatrix } from './role-matrix.ts';

const documentUrl = new URL('../../../docs/rest-roles.md', import.meta.url);

describe('docs/rest-roles.md', () => {
  it('covers all 100 operations exactly once, in the order of the API facts', () => {
    const ids = roleMatrix.map((rule) => rule.operationId);
    expect(ids).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);
    expect(ids).toEqual(operationRoutes.map((route) => route.operationId));
  });

  it('lists the 100 operations with the method counts of the spec', () => {
    const counts: Record<string, number> = {};
    for (const route of operationRoutes) counts[route.method] = (counts[route.method] ?? 0) + 1;
    expect(counts).toEqual({ GET: 48, POST: 26, DELETE: 15, PATCH: 6, PUT: 5 });
    expect(new Set(operationRoutes.map((route) => `${route.method} ${route.path}`)).size).toBe(100);
  });

  it('uses the same operations as spec/expected-operations.ts (to be deduplicated)', () => {
    const theirs = expectedOperations.map(([method, path, operationId]) => ({
      operationId,
      method,
      path,
    }));
    const mine = operationRoutes.map(({ operationId, method, path }) => ({
      operationId,
      method,
      path,
    }));
    expect(mine).toEqual(theirs);
  });

  it('equals renderRoleMatrixMarkdown(roleMatrix)', async () => {
    const rendered = renderRoleMatrixMarkdown(roleMatrix);
    // Regenerate after changing the matrix: UPDATE_ROLE_DOC=1 npx vitest run <this file>.
    if (process.env['UPDATE_ROLE_DOC'] === '1') await writeFile(documentUrl, rendered);
    expect(await readFile(documentUrl, 'utf8')).toBe(rendered);
  });

  it('renders one table row per operation with ✓/✗ cells and scopes', () => {
    const rendered = renderRoleMatrixMarkdown(roleMatrix);
    const rows = rendered.split('\n').filter((line) => /^\| \d+ \|/.test(line));
    expect(rows).toHaveLength(100);
    expect(rows[3]).toBe(
      '| 4 | `authPost` | POST `/auth` | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | Sign-in; attempts are rate-limited per email and per address. |',
    );
    expect(rows.find((row) => row.includes('`getUser`'))).toBe(
      '| 11 | `getUser` | GET `/user/{userId}` | ✓ | ✓ self | ✓ | ✓ self-or-family | ✓ self | ✓ self | ✗ |  |',
    );
  });

  it('refuses to render an operation it has no route for', () => {
    expect(() => renderRoleMatrixMarkdown([{ operationId: 'nope', access: {} }])).toThrow(
      'No route is known for nope',
    );
  });
});

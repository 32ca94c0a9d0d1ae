/**
 * Renders the role matrix as `docs/rest-roles.md`. The document is generated, never edited by
 * hand: a test fails when it differs from what this function returns.
 *
 * @module
 */
import { operationRoutes, type OperationRoute } from './operation-routes.ts';
import { scopeDescriptions, type Caller, type OperationAccess, type Scope } from './role-matrix.ts';
import { roles } from './roles.ts';

const callers: readonly Caller[] = [...roles, 'anonymous'];

const introduction = `# REST API roles

<!-- Generated from rest-compat/src/auth/role-matrix.ts by renderRoleMatrixMarkdown. Do not edit:
     change the matrix, then run UPDATE_ROLE_DOC=1 npx vitest run rest-compat/src/auth/role-matrix-doc.test.ts -->

Who may call each of the 100 operations of the CMZ REST API.

- **401** \`unauthorized\`: no token, or a token that is invalid, expired or revoked, on an
  operation that anonymous callers may not use. A bad token is refused even on public operations.
- **403** \`forbidden\`: a valid token whose role is not allowed.
- **✓**: allowed without ownership limits. **✓ scope**: allowed, and the handler limits which
  resources the caller reaches (see Scopes). **✗**: not allowed.
- Legacy roles are mapped before any check: \`member\` and \`user\` are visitors, \`editor\` is a
  zookeeper, \`administrator\` is an admin. Unknown roles cannot sign in.
- An operation missing from the matrix is refused for everyone (fail closed).

## Decisions

- Admin may call everything. Zookeepers manage animals and their configuration, guardrails,
  knowledge, media, assistants, personalities and sandboxes. Educators manage families and see
  animal details. Parents reach their family's children and conversations; students and visitors
  reach themselves and the public animals.
- Chat (\`convo_turn*\`) is public: guest visitors chat without an account. A guest owns a
  conversation by holding the sessionId the server issued for it.
- \`/system_health\` is public; \`/chatgpt/health\` is admin only (it probes the model provider).
- \`GET /feature_flags\` is for any signed-in caller (the Jira rule in API facts §2.4); \`PATCH\` is admin only.
- \`POST /test/stress/body\` is a test endpoint: admin only.
- Privacy operations: a parent for their own family, and admins. Analytics, billing and logs:
  admins.
- The old API let \`member\` read \`/animal_config\`; members are visitors now, and system prompts
  are for staff.

## Scopes
`;

/**
 * Returns the whole Markdown document for `matrix`, with method and path from `routes`.
 *
 * @example
 * ```ts
 * await writeFile('docs/rest-roles.md', renderRoleMatrixMarkdown(roleMatrix));
 * ```
 */
export function renderRoleMatrixMarkdown(
  matrix: readonly OperationAccess[],
  routes: readonly OperationRoute[] = operationRoutes,
): string {
  const routeById = new Map(routes.map((route) => [route.operationId, route]));
  const scopeRows = (Object.entries(scopeDescriptions) as [Scope, string][]).map(
    ([scope, meaning]) => `| \`${scope}\` | ${meaning} |`,
  );
  const header = ['#', 'operationId', 'Method and path', ...callers, 'Notes'];
  const rows = matrix.map((rule, index) => {
    const route = routeById.get(rule.operationId);
    if (route === undefined) throw new Error(`No route is known for ${rule.operationId}`);
    const cells = callers.map((caller) => cell(rule.access[caller]));
    const where = `${route.method} \`${route.path}\``;
    return row([String(index + 1), `\`${rule.operationId}\``, where, ...cells, rule.note ?? '']);
  });
  return [
    introduction,
    '| Scope | Meaning |',
    '|---|---|',
    ...scopeRows,
    '',
    '## Matrix',
    '',
    row(header),
    row(header.map(() => '---')),
    ...rows,
    '',
  ].join('\n');
}

function cell(scope: Scope | undefined): string {
  if (scope === undefined) return '✗';
  return scope === 'any' ? '✓' : `✓ ${scope}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

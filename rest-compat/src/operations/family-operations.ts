/**
 * `/family*` and `/family_list`: family groups linking parents and students (broken in the old
 * server; they work here). Admins and educators see and manage every family; a parent sees only
 * the families they belong to. A family the caller does not belong to answers 404, exactly like a
 * missing one, so a parent cannot probe which family ids exist.
 *
 * @module
 */
import type {
  OperationHandler,
  OperationHandlers,
  RestPrincipal,
} from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type { FamilyRecord } from '../persistence/family-repository.ts';
import type { Repositories } from '../persistence/repositories.ts';
import { familyChangesFrom, newFamilyFrom } from './family-input.ts';
import { memberDirectory, toFamilyResponse } from './family-response.ts';
import { actorOf, bodyObject, requirePrincipal, requireScope } from './operation-support.ts';
import { withPersistenceErrors } from './persistence-error-mapping.ts';

/**
 * Creates the family handlers.
 *
 * @example
 * ```ts
 * const handlers = createFamilyOperations({ repositories });
 * ```
 */
export function createFamilyOperations(dependencies: {
  repositories: Repositories;
}): OperationHandlers {
  const { families, users } = dependencies.repositories;

  const render = async (records: FamilyRecord[], principal: RestPrincipal | null) => {
    const directory = await memberDirectory(users, records);
    return records.map((record) => toFamilyResponse(record, directory, principal));
  };

  const renderOne = async (record: FamilyRecord, principal: RestPrincipal | null) =>
    (await render([record], principal))[0];

  const list: OperationHandler = async ({ operationId, principal }) => {
    const scope = requireScope(operationId, principal);
    const records =
      scope === 'any'
        ? await families.list()
        : await families.listForUser(requirePrincipal(principal).userId);
    return { status: 200, body: await render(records, principal) };
  };

  // A family outside the caller's scope is reported as missing (see the module note).
  const visibleFamily = async (
    operationId: string,
    familyId: string,
    principal: RestPrincipal | null,
  ) => {
    const scope = requireScope(operationId, principal);
    const family = await families.get(familyId);
    const member =
      family !== undefined &&
      [...family.parentIds, ...family.studentIds].includes(requirePrincipal(principal).userId);
    if (family === undefined || (scope !== 'any' && !member)) {
      throw restErrors.notFound('Family not found', { familyId });
    }
    return family;
  };

  return withPersistenceErrors({
    listFamilies: list,
    listAllFamilies: list,
    createFamily: async ({ body, principal }) => {
      const created = await families.create(newFamilyFrom(bodyObject(body)), actorOf(principal));
      return { status: 201, body: await renderOne(created, principal) };
    },
    getFamily: async ({ operationId, params, principal }) => {
      const family = await visibleFamily(operationId, params.familyId ?? '', principal);
      return { status: 200, body: await renderOne(family, principal) };
    },
    updateFamily: async ({ operationId, params, body, principal }) => {
      const current = await visibleFamily(operationId, params.familyId ?? '', principal);
      const changes = familyChangesFrom(bodyObject(body), current);
      const updated = await families.update(current.familyId, changes, actorOf(principal));
      return { status: 200, body: await renderOne(updated, principal) };
    },
    deleteFamily: async ({ params, principal }) => {
      const familyId = params.familyId ?? '';
      const existing = await families.get(familyId, { includeDeleted: true });
      if (existing === undefined) throw restErrors.notFound('Family not found', { familyId });
      // Repeating the delete finishes an interrupted unlink of the members, even if the family
      // was already deleted; the answer for an already deleted family is still 404.
      await families.delete(familyId, actorOf(principal));
      if (existing.softDelete) throw restErrors.notFound('Family not found', { familyId });
      return { status: 204 };
    },
  });
}

/**
 * The rule API (`/guardrails*`): list, create, read, update and soft-delete rule guardrails, and
 * the pre-built templates. Every write reloads every animal's persona on every node, because a
 * global rule applies to all animals and a selected one to any number of them.
 *
 * @module
 */
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import { actorOf, bodyObject } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import type {
  GuardrailRepository,
  RuleGuardrailRecord,
} from '../persistence/guardrail-repository.ts';
import {
  parseBody,
  ruleGuardrailInputSchema,
  ruleGuardrailUpdateSchema,
} from './guardrail-input.ts';
import { toGuardrailBody } from './guardrail-response.ts';
import { guardrailTemplates, toTemplateBody } from './guardrail-templates.ts';

/** What the rule handlers need. */
export interface RuleGuardrailDependencies {
  guardrails: GuardrailRepository;
  /** Called after every write so each animal's persona follows, on every node. */
  onGuardrailsChanged: () => Promise<void>;
}

/**
 * Creates the handlers of `listGuardrails`, `createGuardrail`, `getGuardrail`, `updateGuardrail`,
 * `deleteGuardrail` and `getGuardrailTemplates`.
 *
 * @example
 * ```ts
 * const handlers = createRuleGuardrailOperations({ guardrails, onGuardrailsChanged });
 * ```
 */
export function createRuleGuardrailOperations(
  dependencies: RuleGuardrailDependencies,
): OperationHandlers {
  const { guardrails, onGuardrailsChanged } = dependencies;

  const requireRule = async (guardrailId: string): Promise<RuleGuardrailRecord> => {
    const record = await guardrails.getRule(guardrailId);
    if (record === undefined) throw restErrors.notFound('Guardrail not found', { guardrailId });
    return record;
  };

  return withPersistenceErrors({
    listGuardrails: async ({ query }) => {
      const category = typeof query.category === 'string' ? query.category : undefined;
      const isActive = booleanQuery(query.isActive);
      const isGlobal = booleanQuery(query.isGlobal);
      const rules = (await guardrails.list())
        .filter((record): record is RuleGuardrailRecord => record.recordType === 'rule-guardrail')
        .filter((record) => category === undefined || record.category === category)
        .filter((record) => isActive === undefined || record.isActive === isActive)
        .filter((record) => isGlobal === undefined || record.isGlobal === isGlobal)
        .sort((first, second) => second.priority - first.priority);
      return { status: 200, body: rules.map(toGuardrailBody) };
    },
    createGuardrail: async ({ body, principal }) => {
      const input = parseBody(ruleGuardrailInputSchema, body, 'The guardrail is not valid');
      const created = await guardrails.createRule(input, actorOf(principal));
      await onGuardrailsChanged();
      return { status: 201, body: toGuardrailBody(created) };
    },
    getGuardrail: async ({ params }) => ({
      status: 200,
      body: toGuardrailBody(await requireRule(params.guardrailId ?? '')),
    }),
    updateGuardrail: async ({ params, body, principal }) => {
      const guardrailId = params.guardrailId ?? '';
      await requireRule(guardrailId);
      const changes = parseBody(
        ruleGuardrailUpdateSchema,
        body,
        'The guardrail update is not valid',
      );
      if (Object.keys(bodyObject(changes)).length === 0) {
        throw restErrors.badRequest('Nothing to update', { guardrailId });
      }
      const updated = await guardrails.updateRule(guardrailId, changes, actorOf(principal));
      await onGuardrailsChanged();
      return { status: 200, body: toGuardrailBody(updated) };
    },
    deleteGuardrail: async ({ params, principal }) => {
      const guardrailId = params.guardrailId ?? '';
      await guardrails.delete(guardrailId, 'rule-guardrail', actorOf(principal));
      await onGuardrailsChanged();
      return { status: 204 };
    },
    getGuardrailTemplates: async () => ({
      status: 200,
      body: guardrailTemplates.map(toTemplateBody),
    }),
  });
}

/** A boolean query value (the validator may or may not have coerced it). */
function booleanQuery(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/**
 * The text API (`/guardrail*`, "Guardrail Management"): reusable blocks of guidance text. A text
 * guardrail with `isDefault: true` is zoo-wide guidance in every animal's prompt; only one per
 * category is the default (marking a new one unmarks the previous one, as in the original).
 *
 * `usageCount` counts what uses a guardrail: every live animal while it is the default (it is in
 * each of their prompts), plus the assistants that reference it when an assistant counter is
 * wired (`countAssistantUses`). DELETE answers 409 while the count is above zero, so a default
 * must be unmarked first.
 *
 * @module
 */
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import { actorOf } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import type { ActorRef } from '../persistence/audit.ts';
import type {
  GuardrailRepository,
  TextGuardrailRecord,
} from '../persistence/guardrail-repository.ts';
import {
  parseBody,
  textGuardrailInputSchema,
  textGuardrailUpdateSchema,
} from './guardrail-input.ts';
import { toTextGuardrailBody } from './guardrail-response.ts';

/** What the text handlers need. */
export interface TextGuardrailDependencies {
  guardrails: GuardrailRepository;
  /** How many live animals there are (a default guardrail is used by each). */
  countAnimals: () => Promise<number>;
  /** How many assistants reference the guardrail; 0 when assistants do not exist yet. */
  countAssistantUses?: (guardrailId: string) => Promise<number>;
  /** Called after every write so each animal's prompt follows, on every node. */
  onGuardrailsChanged: () => Promise<void>;
}

/**
 * Creates the handlers of `guardrail_create_post`, `guardrail_list_get`, `guardrail_get`,
 * `guardrail_update_put` and `guardrail_delete`.
 *
 * @example
 * ```ts
 * const handlers = createTextGuardrailOperations({ guardrails, countAnimals, onGuardrailsChanged });
 * ```
 */
export function createTextGuardrailOperations(
  dependencies: TextGuardrailDependencies,
): OperationHandlers {
  const { guardrails, onGuardrailsChanged } = dependencies;

  const requireText = async (guardrailId: string): Promise<TextGuardrailRecord> => {
    const record = await guardrails.getText(guardrailId);
    if (record === undefined) throw restErrors.notFound('Guardrail not found', { guardrailId });
    return record;
  };

  const usageOf = async (record: TextGuardrailRecord, animalCount?: number) =>
    (record.isDefault ? (animalCount ?? (await dependencies.countAnimals())) : 0) +
    ((await dependencies.countAssistantUses?.(record.guardrailId)) ?? 0);

  // One default per category. The new default is written first: if unmarking the others fails
  // halfway, two defaults of one category both guide the prompt, which a retry repairs.
  const unmarkOtherDefaults = async (kept: TextGuardrailRecord, actor?: ActorRef) => {
    if (!kept.isDefault) return;
    const others = (await guardrails.list()).filter(
      (record): record is TextGuardrailRecord =>
        record.recordType === 'text-guardrail' &&
        record.isDefault &&
        record.category === kept.category &&
        record.guardrailId !== kept.guardrailId,
    );
    for (const other of others) {
      await guardrails.updateText(other.guardrailId, { isDefault: false }, actor);
    }
  };

  return withPersistenceErrors({
    guardrail_create_post: async ({ body, principal }) => {
      const input = parseBody(textGuardrailInputSchema, body, 'The guardrail is not valid');
      const created = await guardrails.createText(input, actorOf(principal));
      await unmarkOtherDefaults(created, actorOf(principal));
      await onGuardrailsChanged();
      return { status: 201, body: toTextGuardrailBody(created, await usageOf(created)) };
    },
    guardrail_list_get: async ({ query }) => {
      const category = typeof query.category === 'string' ? query.category : undefined;
      const isDefault =
        query.isDefault === true || query.isDefault === 'true'
          ? true
          : query.isDefault === false || query.isDefault === 'false'
            ? false
            : undefined;
      const texts = (await guardrails.list())
        .filter((record): record is TextGuardrailRecord => record.recordType === 'text-guardrail')
        .filter((record) => category === undefined || record.category === category.toUpperCase())
        .filter((record) => isDefault === undefined || record.isDefault === isDefault);
      const animalCount = await dependencies.countAnimals();
      const bodies = [];
      for (const record of texts) {
        bodies.push(toTextGuardrailBody(record, await usageOf(record, animalCount)));
      }
      return { status: 200, body: { guardrails: bodies, total: bodies.length } };
    },
    guardrail_get: async ({ params }) => {
      const record = await requireText(params.guardrailId ?? '');
      return { status: 200, body: toTextGuardrailBody(record, await usageOf(record)) };
    },
    guardrail_update_put: async ({ params, body, principal }) => {
      const guardrailId = params.guardrailId ?? '';
      await requireText(guardrailId);
      const changes = parseBody(
        textGuardrailUpdateSchema,
        body,
        'The guardrail update is not valid',
      );
      if (Object.keys(changes).length === 0) {
        throw restErrors.badRequest('Nothing to update', { guardrailId });
      }
      const updated = await guardrails.updateText(guardrailId, changes, actorOf(principal));
      await unmarkOtherDefaults(updated, actorOf(principal));
      await onGuardrailsChanged();
      return { status: 200, body: toTextGuardrailBody(updated, await usageOf(updated)) };
    },
    guardrail_delete: async ({ params, principal }) => {
      const record = await requireText(params.guardrailId ?? '');
      const usageCount = await usageOf(record);
      if (usageCount > 0) {
        throw restErrors.conflict(
          record.isDefault
            ? 'This guardrail is the default guidance for every animal: unmark it first'
            : 'This guardrail is still in use',
          { guardrailId: record.guardrailId, usageCount },
        );
      }
      await guardrails.delete(record.guardrailId, 'text-guardrail', actorOf(principal));
      await onGuardrailsChanged();
      return { status: 204 };
    },
  });
}

/**
 * Guardrails seen from one animal: its effective guardrails, the exact system prompt its model
 * receives, and applying a template to it.
 *
 * @module
 */
import {
  personaSections,
  renderSystemMessage,
  type AnimalCatalog,
  type AnimalPersona,
  type Locale,
} from '@cmz/engine';
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import { animalRecordToPersona } from '../operations/animal-persona-mapping.ts';
import { actorOf, bodyObject, optionalString } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import type { ActorRef } from '../persistence/audit.ts';
import type { AnimalRecord, AnimalRepository } from '../persistence/animal-repository.ts';
import type {
  GuardrailRepository,
  RuleGuardrailRecord,
} from '../persistence/guardrail-repository.ts';
import { ConditionFailed } from '../persistence/persistence-errors.ts';
import { effectiveGuardrails, zooRulesFor } from './effective-guardrails.ts';
import { readAnimalGuardrails } from './guardrail-input.ts';
import { guardrailTemplates, type GuardrailTemplate } from './guardrail-templates.ts';

/** What the per-animal handlers need. */
export interface AnimalGuardrailDependencies {
  animals: AnimalRepository;
  guardrails: GuardrailRepository;
  /** The engine's personas on this node (what the model receives). */
  catalog: AnimalCatalog;
  /** Called after an animal's configuration changed (reloads it on every node). */
  onAnimalChanged: (animalId: string) => Promise<void>;
}

const locales: readonly Locale[] = ['en', 'es', 'zh'];
// Another edit of the same animal between our read and write: read again and retry.
const versionRetries = 3;

/**
 * Creates the handlers of `getAnimalEffectiveGuardrails`, `getAnimalSystemPrompt` and
 * `applyGuardrailTemplate`.
 *
 * @example
 * ```ts
 * const handlers = createAnimalGuardrailOperations({ animals, guardrails, catalog, onAnimalChanged });
 * ```
 */
export function createAnimalGuardrailOperations(
  dependencies: AnimalGuardrailDependencies,
): OperationHandlers {
  const { animals, guardrails, catalog } = dependencies;

  const requireAnimal = async (animalId: string): Promise<AnimalRecord> => {
    const animal = await animals.get(animalId);
    if (animal === undefined) throw restErrors.notFound('Animal not found', { animalId });
    return animal;
  };

  const personaOf = async (animal: AnimalRecord): Promise<AnimalPersona> =>
    catalog.get(animal.animalId) ??
    // Not loaded on this node yet (created a moment ago elsewhere): map it the way the sync does.
    animalRecordToPersona(animal, undefined, zooRulesFor(animal, await guardrails.list()));

  return withPersistenceErrors({
    getAnimalEffectiveGuardrails: async ({ params }) => {
      const animal = await requireAnimal(params.animalId ?? '');
      return { status: 200, body: effectiveGuardrails(animal, await guardrails.list()) };
    },
    getAnimalSystemPrompt: async ({ params, query }) => {
      const locale = optionalString(query.locale) ?? 'en';
      if (!(locales as readonly string[]).includes(locale)) {
        throw restErrors.badRequest('locale must be en, es or zh', { locale });
      }
      const persona = await personaOf(await requireAnimal(params.animalId ?? ''));
      return {
        status: 200,
        body: {
          prompt: renderSystemMessage(personaSections(persona, locale as Locale)),
          guardrailCount: (persona.guardrails?.length ?? 0) + (persona.guidance?.length ?? 0),
        },
      };
    },
    applyGuardrailTemplate: async ({ body, principal }) => {
      const fields = bodyObject(body);
      const templateId = String(fields.templateId ?? '');
      const animalId = String(fields.animalId ?? '');
      const template = guardrailTemplates.find((candidate) => candidate.id === templateId);
      if (template === undefined) throw restErrors.notFound('Template not found', { templateId });
      const animal = await requireAnimal(animalId);
      const added = await createMissingRules(template, animal, actorOf(principal));
      if (added.length > 0) await selectForAnimal(animalId, added, actorOf(principal));
      await dependencies.onAnimalChanged(animalId);
      return { status: 200, body: { guardrailsApplied: added.length, animalId } };
    },
  });

  // A template already applied to this animal is not copied again: its rules still selected by
  // the animal are skipped, so applying twice adds nothing.
  async function createMissingRules(
    template: GuardrailTemplate,
    animal: AnimalRecord,
    actor: ActorRef | undefined,
  ): Promise<string[]> {
    const selected = new Set(readAnimalGuardrails(animal.configuration.guardrails).selected);
    const present = (await guardrails.list()).filter(
      (record): record is RuleGuardrailRecord =>
        record.recordType === 'rule-guardrail' &&
        record.templateId === template.id &&
        selected.has(record.guardrailId),
    );
    const added: string[] = [];
    for (const [index, rule] of template.rules.entries()) {
      if (present.some((record) => record.rule === rule.rule)) continue;
      const created = await guardrails.createRule(
        {
          name: `${template.name}: rule ${index + 1}`,
          type: rule.type,
          rule: rule.rule,
          description: template.description,
          category: template.category,
          priority: rule.priority,
          isActive: true,
          isGlobal: false,
          keywords: null,
          examples: null,
          templateId: template.id,
        },
        actor,
      );
      added.push(created.guardrailId);
    }
    return added;
  }

  // The guardrails exist before the animal selects them: a crash in between leaves unselected
  // guardrails (listed, harmless) and a retry selects fresh copies.
  async function selectForAnimal(
    animalId: string,
    guardrailIds: readonly string[],
    actor: ActorRef | undefined,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const animal = await requireAnimal(animalId);
      const current = readAnimalGuardrails(animal.configuration.guardrails);
      const next = {
        ...current,
        selected: [...new Set([...current.selected, ...guardrailIds])],
      };
      try {
        await animals.update(
          animalId,
          { configuration: { guardrails: next } },
          { expectedVersion: animal.version, ...(actor === undefined ? {} : { actor }) },
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionFailed) || attempt >= versionRetries) throw error;
      }
    }
  }
}

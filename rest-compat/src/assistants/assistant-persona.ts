/**
 * How a live assistant shapes its animal's persona: an `ACTIVE` assistant's personality text
 * becomes the persona's personality (the engine's `core:persona` prompt speaks with it). An
 * inactive or deleted assistant leaves the animal as its own record describes it.
 *
 * @module
 */
import type { AnimalPersona } from '@cmz/engine';
import type { AssistantConfig, AssistantRepository } from '../persistence/assistant-repository.ts';

/**
 * The persona with the assistant's configuration applied.
 *
 * @example
 * ```ts
 * applyAssistant(leo, { status: 'ACTIVE', personalityText: 'Proud and warm…' }).personality; // 'Proud and warm…'
 * ```
 */
export function applyAssistant(
  persona: AnimalPersona,
  config: Pick<AssistantConfig, 'status' | 'personalityText'>,
): AnimalPersona {
  if (config.status !== 'ACTIVE' || config.personalityText.trim() === '') return persona;
  return { ...persona, personality: config.personalityText };
}

/**
 * The overlay the animal sync applies to every persona it loads (see `composition/animal-sync.ts`).
 *
 * @example
 * ```ts
 * const sync = await startAnimalSync({ …, decorate: createAssistantOverlay(repositories.assistants) });
 * ```
 */
export function createAssistantOverlay(
  assistants: AssistantRepository,
): (persona: AnimalPersona) => Promise<AnimalPersona> {
  return async (persona) => {
    const assistant = await assistants.findForAnimal(persona.id);
    return assistant === undefined ? persona : applyAssistant(persona, assistant);
  };
}

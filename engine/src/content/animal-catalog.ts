/**
 * The animals the engine can speak as, by id. Loaded from the content files at start; the REST
 * layer's configuration endpoints update entries at run time.
 *
 * @module
 */
import type { AnimalSummary } from '../protocol/events.ts';
import type { AnimalPersona } from './animal-types.ts';

/**
 * A catalog of animal personas.
 *
 * @example
 * ```ts
 * const catalog = new AnimalCatalog(animals);
 * catalog.get('bella')?.name; // 'Bella'
 * ```
 */
export class AnimalCatalog {
  readonly #byId = new Map<string, AnimalPersona>();

  constructor(animals: readonly AnimalPersona[]) {
    for (const animal of animals) this.#byId.set(animal.id, animal);
  }

  /** An animal visitors may talk to (hidden animals are not returned). */
  getActive(animalId: string): AnimalPersona | undefined {
    const animal = this.#byId.get(animalId);
    return animal?.status === 'active' ? animal : undefined;
  }

  /** Any animal, including hidden ones (for admins and existing conversations). */
  get(animalId: string): AnimalPersona | undefined {
    return this.#byId.get(animalId);
  }

  /** Every animal; hidden ones only when asked. */
  list(options: { includeHidden?: boolean } = {}): AnimalPersona[] {
    return [...this.#byId.values()].filter(
      (animal) => options.includeHidden || animal.status === 'active',
    );
  }

  /** Adds or replaces an animal; the next reply uses the new persona. */
  put(animal: AnimalPersona): void {
    this.#byId.set(animal.id, animal);
  }
}

/**
 * The public view of an animal, in the visitor's language where there is one.
 *
 * @example
 * ```ts
 * toAnimalSummary(bella, 'es').tagline; // the Spanish tagline, or the English one
 * ```
 */
export function toAnimalSummary(
  animal: AnimalPersona,
  locale: keyof AnimalPersona['tagline'] = 'en',
): AnimalSummary {
  return {
    id: animal.id,
    name: animal.name,
    species: animal.species,
    tagline: animal.tagline[locale] ?? animal.tagline.en,
    emoji: animal.emoji,
    locales: animal.locales,
  };
}

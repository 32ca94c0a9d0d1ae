/**
 * The persona a sandbox chats as. It is built per call and handed straight to the engine's
 * `replies.send` (which takes the persona of each message), never put in the shared
 * `AnimalCatalog`: visitors keep the live persona whatever drafts keepers are testing. The draft
 * keeps the live animal's id, so the engine retrieves and cites that animal's fact cards exactly
 * as it will after promotion; only the personality is the draft's.
 *
 * @module
 */
import type { AnimalPersona } from '@cmz/engine';
import type { SandboxRecord } from '../persistence/sandbox-repository.ts';

/**
 * The draft persona of `sandbox`, over the animal's live persona when there is one; a sandbox
 * without an animal speaks as a generic zoo animal named after its personality.
 *
 * @example
 * ```ts
 * const persona = draftPersona(sandbox, animals.get(sandbox.animalId ?? ''));
 * ```
 */
export function draftPersona(
  sandbox: Pick<SandboxRecord, 'sandboxId' | 'personalityName' | 'personalityText'>,
  live: AnimalPersona | undefined,
): AnimalPersona {
  if (live !== undefined) return { ...live, personality: sandbox.personalityText };
  return {
    id: sandbox.sandboxId,
    name: sandbox.personalityName,
    species: 'zoo animal',
    scientificName: 'unspecified',
    emoji: '🧪',
    tagline: { en: 'A draft personality being tested' },
    personality: sandbox.personalityText,
    catchPhrases: [],
    voiceId: 'Joanna',
    locales: ['en'],
    status: 'hidden',
    model: { model: 'gpt-4o-mini', temperature: 0.7, maxTokens: 400 },
  };
}

/**
 * Resolves what an assistant or a sandbox refers to (animal, personality, guardrail, knowledge
 * files) into a configuration: the personality's text is copied in (a snapshot, so a version or a
 * sandbox keeps exactly what was live or tested) and the merged prompt is built. Unknown
 * references are a 400 naming the ids. The guardrail is checked loosely: its id must be well
 * formed, and its text is merged when the guardrail store knows it.
 *
 * @module
 */
import { z } from 'zod';
import type { AssistantConfig, AssistantStatus } from '../persistence/assistant-repository.ts';
import type { KnowledgeFileRepository } from '../persistence/knowledge-file-repository.ts';
import { InvalidReference } from '../persistence/persistence-errors.ts';
import type { PersonalityRepository } from '../persistence/personality-repository.ts';
import { mergePrompt } from './merge-prompt.ts';

/** A well-formed id of a referenced record (UUIDs, `kb-…`, `guardrail_…`). */
export const referenceId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'not a valid id');

/** Where the references are looked up. */
export interface ConfigSources {
  personalities: PersonalityRepository;
  knowledgeFiles: KnowledgeFileRepository;
  /** The animal's name and species, or undefined when there is no such animal. */
  animalOf: (animalId: string) => Promise<{ name: string; species: string } | undefined>;
  /** The guardrail's text when known (the guardrail store is optional here). */
  guardrailTextOf?: (guardrailId: string) => Promise<string | undefined>;
}

/** What a configuration is built from. */
export interface ConfigRequest {
  animalId: string | null;
  personalityId: string;
  guardrailId: string;
  knowledgeBaseFileIds: readonly string[];
  status: AssistantStatus;
  /** Use this personality text instead of the stored one (a sandbox's tested snapshot). */
  personalitySnapshot?: { name: string; text: string };
  /** Leave out files deleted since (a re-merge must not fail on them). @default false */
  dropMissingFiles?: boolean;
}

/**
 * Builds the configuration; InvalidReference (a 400) for an unknown animal, personality or file.
 *
 * @example
 * ```ts
 * const config = await buildConfig(sources, { animalId: 'leo', personalityId, guardrailId, knowledgeBaseFileIds: [], status: 'ACTIVE' });
 * ```
 */
export async function buildConfig(
  sources: ConfigSources,
  request: ConfigRequest,
): Promise<AssistantConfig> {
  const animal = request.animalId === null ? undefined : await sources.animalOf(request.animalId);
  if (request.animalId !== null && animal === undefined)
    throw new InvalidReference('animal', [request.animalId]);
  const personality =
    request.personalitySnapshot ?? (await personalityOf(sources, request.personalityId));
  const files = await Promise.all(
    request.knowledgeBaseFileIds.map((fileId) => sources.knowledgeFiles.get(fileId)),
  );
  const usable = (index: number) => {
    const file = files[index];
    return file !== undefined && (request.animalId === null || file.animalId === request.animalId);
  };
  const missingFiles = request.knowledgeBaseFileIds.filter((_fileId, index) => !usable(index));
  if (missingFiles.length > 0 && request.dropMissingFiles !== true)
    throw new InvalidReference('knowledge file', missingFiles);
  const fileIds = request.knowledgeBaseFileIds.filter((_fileId, index) => usable(index));
  const guardrailText = await sources.guardrailTextOf?.(request.guardrailId);
  return {
    personalityId: request.personalityId,
    personalityName: personality.name,
    personalityText: personality.text,
    guardrailId: request.guardrailId,
    knowledgeBaseFileIds: [...new Set(fileIds)],
    status: request.status,
    mergedPrompt: mergePrompt({
      animalName: animal?.name ?? personality.name,
      animalSpecies: animal?.species ?? 'zoo animal',
      personalityText: personality.text,
      guardrailText,
      knowledgeFileNames: files.flatMap((file, index) =>
        usable(index) && file ? [file.originalName] : [],
      ),
    }),
  };
}

async function personalityOf(
  sources: ConfigSources,
  personalityId: string,
): Promise<{ name: string; text: string }> {
  const personality = await sources.personalities.get(personalityId);
  if (personality === undefined) throw new InvalidReference('personality', [personalityId]);
  return { name: personality.name, text: personality.personalityText };
}

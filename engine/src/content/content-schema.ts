/**
 * Zod schemas of the animal content files (`persona.json`, `facts.<locale>.json`). Content is
 * edited by people outside the engine, so it is validated like any other outside input.
 *
 * @module
 */
import { z } from 'zod';

/** The locales the engine answers in (mirrors `Locale` in the protocol). */
export const localeSchema = z.enum(['en', 'es', 'zh']);

const nonEmptyText = z.string().trim().min(1);

/** Ids are used in file paths and card ids, so they stay lowercase kebab-case. */
const slugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase kebab-case');

/** Schema of `persona.json`; `strict` so a misspelled field is reported instead of ignored. */
export const personaFileSchema = z
  .object({
    id: slugSchema,
    name: nonEmptyText,
    species: nonEmptyText,
    scientificName: nonEmptyText,
    emoji: nonEmptyText,
    tagline: z
      .object({ en: nonEmptyText, es: nonEmptyText.optional(), zh: nonEmptyText.optional() })
      .strict(),
    personality: nonEmptyText,
    catchPhrases: z.array(nonEmptyText).min(1),
    voiceId: nonEmptyText,
    locales: z.array(localeSchema).min(1).refine(isUnique, 'locales must not repeat'),
    status: z.enum(['active', 'hidden']),
    model: z
      .object({
        model: nonEmptyText,
        temperature: z.number().min(0).max(2),
        maxTokens: z.number().int().positive(),
        systemPrompt: z.string().optional(),
      })
      .strict(),
  })
  .strict();

/**
 * One card as stored in `facts.<locale>.json`. `animalId` and `locale` may be omitted: the loader
 * fills them in from the path, and checks them against the path when present.
 */
export const factCardFileSchema = z
  .object({
    id: slugSchema,
    animalId: slugSchema.optional(),
    locale: localeSchema.optional(),
    title: nonEmptyText,
    text: nonEmptyText,
    keywords: z.array(nonEmptyText).min(1),
    followUp: nonEmptyText.optional(),
  })
  .strict();

/** Schema of a whole `facts.<locale>.json` file. */
export const factsFileSchema = z.array(factCardFileSchema).min(1);

/** A persona as parsed from `persona.json`. */
export type PersonaFile = z.infer<typeof personaFileSchema>;
/** A card as parsed from `facts.<locale>.json`. */
export type FactCardFile = z.infer<typeof factCardFileSchema>;

function isUnique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

/**
 * Formats a zod error as one short line (`path: message; ...`) for `CMZ_ERR_CONTENT_INVALID`.
 *
 * @example
 * ```ts
 * const result = personaFileSchema.safeParse({});
 * if (!result.success) describeIssues(result.error); // "id: Invalid input: expected string..."
 * ```
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Validation of `PUT /api/v1/context/{userId}`. The context may hold topics and lessons, never
 * personal data: every text is checked with the engine's PII detector (emails, phone numbers,
 * street addresses, full names, links with query strings) and a request with any of them is
 * refused whole (400 `personal_info_not_allowed`, naming the fields, never echoing the text), so
 * nothing of it is stored. Texts are also limited to short topic-like phrases, which keeps out
 * most personal details the detector cannot recognise (a lone first name is still a word).
 *
 * @module
 */
import { containsPersonalInfo } from '@cmz/engine';
import { z } from 'zod';
import { RestError, restErrors } from '../http/rest-error.ts';
import type { ContextConversation, LearningLevel } from '../persistence/context-repository.ts';

const idPattern = /^[A-Za-z0-9_-]{1,100}$/;
// Letters (any script), marks, digits, spaces, hyphens and apostrophes: a topic, not a sentence.
const topicPattern = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} '’-]*$/u;

const topic = (maxLength: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .regex(topicPattern, 'only letters, digits, spaces, hyphens and apostrophes')
    .refine((text) => text.split(/\s+/u).length <= 6, 'at most 6 words');

const learningLevels = ['elementary', 'middle', 'high', 'adult'] as const;

/** The preference changes a client may send, by key; anything else is refused. */
const preferenceChangeSchemas = {
  learningLevel: z.enum(learningLevels),
  favoriteAnimal: z.string().regex(idPattern, 'an animal id'),
  unfinishedLesson: topic(80),
  finishedLesson: topic(80),
} as const;

const updateSchema = z
  .object({
    conversationData: z
      .object({
        conversationId: z.string().regex(idPattern, 'a conversation id'),
        animalId: z.string().regex(idPattern, 'an animal id'),
        timestamp: z.iso.datetime({ offset: true }),
        duration: z.number().min(0).max(86_400).optional(),
      })
      .optional(),
    extractedPreferences: z
      .object({
        newInterests: z.array(topic(60)).max(20).optional(),
        preferenceChanges: z.record(z.string(), z.string()).optional(),
      })
      .optional(),
  })
  .refine((body) => body.conversationData ?? body.extractedPreferences, {
    message: 'give conversationData or extractedPreferences',
  });

/** A validated context update. */
export interface ContextUpdate {
  conversation?: ContextConversation;
  newInterests: string[];
  learningLevel?: LearningLevel;
  favoriteAnimal?: string;
  unfinishedLesson?: string;
  finishedLesson?: string;
}

/**
 * Validates the PUT body: 400 `invalid_request` for a malformed one, `unknown_preference` for a
 * preference key this product does not remember, `personal_info_not_allowed` for personal data.
 *
 * @example
 * ```ts
 * parseContextUpdate({ extractedPreferences: { newInterests: ['big cats'] } });
 * // { newInterests: ['big cats'] }
 * ```
 */
export function parseContextUpdate(body: unknown): ContextUpdate {
  refusePersonalInfo(body);
  const parsed = updateSchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { conversationData, extractedPreferences } = parsed.data;
  const changes = extractedPreferences?.preferenceChanges ?? {};
  const unknown = Object.keys(changes).filter((key) => !(key in preferenceChangeSchemas));
  if (unknown.length > 0) {
    throw new RestError(400, 'unknown_preference', 'These preferences are not remembered', {
      keys: unknown,
      allowed: Object.keys(preferenceChangeSchemas),
    });
  }
  const preferences = z.object(preferenceChangeSchemas).partial().safeParse(changes);
  if (!preferences.success) {
    throw invalid(
      preferences.error.issues.map((issue) => ({
        ...issue,
        path: ['extractedPreferences', 'preferenceChanges', ...issue.path],
      })),
    );
  }
  return {
    ...(conversationData === undefined
      ? {}
      : {
          conversation: {
            conversationId: conversationData.conversationId,
            animalId: conversationData.animalId,
            timestamp: new Date(conversationData.timestamp).toISOString(),
            ...(conversationData.duration === undefined
              ? {}
              : { duration: conversationData.duration }),
          },
        }),
    newInterests: extractedPreferences?.newInterests ?? [],
    ...preferences.data,
  };
}

// Runs before the shape checks, over every string anywhere in the body (keys included), so
// personal data is refused even inside a field that would be rejected anyway.
function refusePersonalInfo(body: unknown): void {
  const fields: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (containsPersonalInfo(value)) fields.push(path);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}.${index}`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const child = path === '' ? key : `${path}.${key}`;
        if (containsPersonalInfo(key)) fields.push(child);
        visit(item, child);
      }
    }
  };
  visit(body, '');
  if (fields.length > 0) {
    throw new RestError(
      400,
      'personal_info_not_allowed',
      'The context may hold topics and lessons, never personal details; nothing was stored',
      { fields },
    );
  }
}

function invalid(issues: readonly { path: PropertyKey[]; message: string }[]): RestError {
  return restErrors.badRequest('The context update is not valid', {
    errors: issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  });
}

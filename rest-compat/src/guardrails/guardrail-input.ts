/**
 * Request bodies of the guardrail operations and the animal configuration's `guardrails` object,
 * checked with zod after the spec validator: the spec leaves unknown fields and blank text open,
 * and an update that silently ignored a field it cannot change would lose the caller's intent.
 *
 * @module
 */
import { z } from 'zod';
import { restErrors } from '../http/rest-error.ts';

const ruleTypes = ['ALWAYS', 'NEVER', 'ENCOURAGE', 'DISCOURAGE'] as const;
const ruleCategories = ['content_safety', 'educational', 'personality', 'technical'] as const;
// Control characters (C0 except tab/newline/CR, DEL, C1) never belong in a prompt.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

const text = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !controlCharacters.test(value), 'must not contain control characters');

/** The spec's keyword: one word or `_`/`-` joined words, ASCII letters and digits. */
const keyword = z.string().regex(/^[a-zA-Z0-9_-]{1,60}$/u, 'letters, digits, _ and - only');
const keywords = z
  .array(keyword)
  .max(20)
  .transform((list) => [...new Set(list)]);
const examples = z
  .object({
    good: z.array(text(500)).max(20).optional(),
    bad: z.array(text(500)).max(20).optional(),
  })
  .strict();

/** `POST /guardrails` (GuardrailInput, with the spec's defaults). */
export const ruleGuardrailInputSchema = z
  .object({
    name: text(200),
    type: z.enum(ruleTypes),
    rule: text(500),
    description: text(1000, 0).nullable().default(null),
    category: z.enum(ruleCategories).default('content_safety'),
    priority: z.number().int().min(0).max(100).default(50),
    isActive: z.boolean().default(true),
    isGlobal: z.boolean().default(false),
    keywords: keywords.nullable().default(null),
    examples: examples.nullable().default(null),
  })
  .strict();

/** `PATCH /guardrails/{id}` (GuardrailUpdate: type, rule and isGlobal are fixed once created). */
export const ruleGuardrailUpdateSchema = z
  .object({
    name: text(200).optional(),
    description: text(1000, 0).nullable().optional(),
    category: z.enum(ruleCategories).optional(),
    priority: z.number().int().min(0).max(100).optional(),
    isActive: z.boolean().optional(),
    keywords: keywords.nullable().optional(),
    examples: examples.nullable().optional(),
  })
  .strict();

const textCategories = ['SAFETY', 'EDUCATION', 'TONE', 'CONTENT'] as const;
const severities = ['STRICT', 'MODERATE', 'GUIDANCE'] as const;
const ageGroups = ['PRESCHOOL', 'ELEMENTARY', 'FAMILY', 'ALL_AGES'] as const;

/** `POST /guardrail` (CreateGuardrailRequest; severity defaults to MODERATE). */
export const textGuardrailInputSchema = z
  .object({
    name: text(100),
    description: text(500, 0).optional(),
    guardrailText: text(2000, 50),
    category: z.enum(textCategories),
    severity: z.enum(severities).default('MODERATE'),
    ageAppropriate: z
      .array(z.enum(ageGroups))
      .min(1)
      .transform((list) => [...new Set(list)])
      .default(['ALL_AGES']),
    isDefault: z.boolean().default(false),
  })
  .strict();

/** `PUT /guardrail/{id}` (UpdateGuardrailRequest: every field optional). */
export const textGuardrailUpdateSchema = z
  .object({
    name: text(100).optional(),
    description: text(500, 0).optional(),
    guardrailText: text(2000, 50).optional(),
    category: z.enum(textCategories).optional(),
    severity: z.enum(severities).optional(),
    ageAppropriate: z
      .array(z.enum(ageGroups))
      .min(1)
      .transform((list) => [...new Set(list)])
      .optional(),
    isDefault: z.boolean().optional(),
  })
  .strict();

/** One custom rule of an animal (`guardrails.custom[]`); keywords, priority and category optional. */
export const customRuleSchema = z
  .object({
    type: z.enum(ruleTypes),
    rule: text(500),
    keywords: keywords.optional(),
    priority: z.number().int().min(0).max(100).optional(),
    category: z.enum(ruleCategories).optional(),
  })
  .strict();

/** A custom rule as stored in the animal's configuration. */
export type CustomRule = z.infer<typeof customRuleSchema>;

/**
 * The AnimalConfig `guardrails` object: `selected` rule guardrail ids (each once) and the
 * animal's own `custom` rules.
 */
export const animalGuardrailsSchema = z
  .object({
    selected: z
      .array(z.string().regex(/^gr_[a-zA-Z0-9]{1,60}$/u, 'must be a rule guardrail id (gr_…)'))
      .max(100)
      .transform((list) => [...new Set(list)])
      .default([]),
    custom: z.array(customRuleSchema).max(50).default([]),
  })
  .strict();

/** The parsed AnimalConfig `guardrails` object. */
export type AnimalGuardrails = z.infer<typeof animalGuardrailsSchema>;

/**
 * Parses `value` with `schema`, or throws 400 `invalid_request` listing each problem by path.
 *
 * @example
 * ```ts
 * const input = parseBody(ruleGuardrailInputSchema, body, 'The guardrail is not valid');
 * ```
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  value: unknown,
  message: string,
  pathPrefix = '',
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw restErrors.badRequest(message, {
    errors: parsed.error.issues.map((issue) => ({
      path: [pathPrefix, ...issue.path.map(String)].filter(Boolean).join('.'),
      message: issue.message,
    })),
  });
}

/**
 * The guardrails stored in an animal's configuration, tolerating older or foreign shapes: what
 * does not parse is ignored (the write path refuses it, so only legacy data can be odd).
 *
 * @example
 * ```ts
 * readAnimalGuardrails({}); // { selected: [], custom: [] }
 * ```
 */
export function readAnimalGuardrails(value: unknown): AnimalGuardrails {
  const object =
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const selected = Array.isArray(object.selected)
    ? object.selected.filter((id): id is string => typeof id === 'string' && /^gr_/u.test(id))
    : [];
  const custom = Array.isArray(object.custom)
    ? object.custom.flatMap((rule) => {
        const parsed = customRuleSchema.safeParse(rule);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
  return { selected: [...new Set(selected)], custom };
}

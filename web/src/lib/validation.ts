/**
 * Form checks shared by the sign-in and staff pages. They mirror the REST layer's schema
 * (openapi/openapi.yaml), so most mistakes are shown next to the field before a request is sent;
 * the server's own answer is still shown when it disagrees.
 *
 * Each check returns the problems by field as translation keys (with their values), never text:
 * the page formats them in its own locale.
 *
 * @module
 */
import type { MessageKey, MessageValues } from './i18n/index.ts';
import { ROLES } from './session.svelte.ts';

export interface FieldProblem {
  key: MessageKey;
  values?: MessageValues;
}
export type FieldErrors<F extends string = string> = Partial<Record<F, FieldProblem>>;

/** The voices `PATCH /api/animal_config` accepts. */
export const VOICES = [
  'alloy',
  'echo',
  'fable',
  'onyx',
  'nova',
  'shimmer',
  'ruth',
  'joanna',
  'matthew',
  'amy',
] as const;
/** The animal statuses the editor offers (`PUT /api/animal/{id}`). */
export const ANIMAL_STATUSES = ['active', 'hidden'] as const;
/** Every status the REST layer knows (an animal may already have another one). */
const KNOWN_STATUSES = ['active', 'hidden', 'inactive', 'breeding', 'retired', 'maintenance'];

const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/;

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

function text(
  value: string,
  { min = 1, max }: { min?: number; max: number },
): FieldProblem | undefined {
  const trimmed = value.trim();
  if (!trimmed) return { key: 'form.required' };
  if (CONTROL.test(value)) return { key: 'form.invalidCharacters' };
  if (trimmed.length < min) return { key: 'form.tooShort', values: { min } };
  if (value.length > max) return { key: 'form.tooLong', values: { max } };
  return undefined;
}

function email(value: string): FieldProblem | undefined {
  if (!value.trim()) return { key: 'form.required' };
  if (!EMAIL.test(value.trim())) return { key: 'form.emailInvalid' };
  return undefined;
}

function clean<F extends string>(errors: Record<F, FieldProblem | undefined>): FieldErrors<F> {
  const result: FieldErrors<F> = {};
  for (const [field, problem] of Object.entries(errors) as [F, FieldProblem | undefined][]) {
    if (problem) result[field] = problem;
  }
  return result;
}

export function validateLogin(input: {
  email: string;
  password: string;
}): FieldErrors<'email' | 'password'> {
  return clean({
    email: email(input.email),
    password: input.password ? undefined : { key: 'form.required' },
  });
}

export interface FamilyDraft {
  familyName: string;
  parentIds: readonly string[];
  studentIds: readonly string[];
}

/** A family needs a name, at least one parent, 1–8 students, and nobody on both sides. */
export function validateFamily(
  input: FamilyDraft,
): FieldErrors<'familyName' | 'parents' | 'students'> {
  const overlap = input.studentIds.some((id) => input.parentIds.includes(id));
  return clean({
    familyName: text(input.familyName, { max: 100 }),
    parents: input.parentIds.length === 0 ? { key: 'families.needParent' } : undefined,
    students:
      input.studentIds.length === 0
        ? { key: 'families.needStudent' }
        : input.studentIds.length > 8
          ? { key: 'families.tooManyStudents', values: { max: 8 } }
          : overlap
            ? { key: 'families.overlap' }
            : undefined,
  });
}

export interface UserDraft {
  email: string;
  displayName: string;
  role: string;
}

export function validateUser(input: UserDraft): FieldErrors<'email' | 'displayName' | 'role'> {
  return clean({
    email: email(input.email),
    displayName: text(input.displayName, { max: 100 }),
    role: (ROLES as readonly string[]).includes(input.role) ? undefined : { key: 'form.required' },
  });
}

export interface AnimalConfigDraft {
  personality: string;
  systemPrompt: string;
  voice: string;
  /** As typed in the number field. */
  temperature: string | number;
  status: string;
}

/**
 * `systemPromptOptional`: the animal has no keeper notes yet, so an empty field is fine (it is
 * then not sent). Notes once stored cannot be emptied (the REST schema wants 5+ characters).
 */
export function validateAnimalConfig(
  input: AnimalConfigDraft,
  { systemPromptOptional = false }: { systemPromptOptional?: boolean } = {},
): FieldErrors<'personality' | 'systemPrompt' | 'voice' | 'temperature' | 'status'> {
  const raw = typeof input.temperature === 'number' ? String(input.temperature) : input.temperature;
  const temperature = Number(raw);
  return clean({
    personality: text(input.personality, { min: 5, max: 1000 }),
    systemPrompt:
      systemPromptOptional && input.systemPrompt.trim() === ''
        ? undefined
        : text(input.systemPrompt, { min: 5, max: 2000 }),
    voice:
      input.voice === '' || (VOICES as readonly string[]).includes(input.voice)
        ? undefined
        : { key: 'form.required' },
    temperature:
      raw.trim() === '' || !Number.isFinite(temperature) || temperature < 0 || temperature > 2
        ? { key: 'animals.temperatureRange', values: { min: 0, max: 2 } }
        : undefined,
    status: KNOWN_STATUSES.includes(input.status) ? undefined : { key: 'form.required' },
  });
}

/** A fact card a zookeeper types (sent as a public knowledge article). */
export interface FactCardDraft {
  title: string;
  text: string;
  keywords: string;
}

/**
 * Checks a fact card draft the way the server does (title ≤ 200, text ≤ 4000 characters, at most
 * 30 keywords of ≤ 60 characters).
 *
 * @example
 * ```ts
 * validateFactCard({ title: '', text: 'I love pumpkins', keywords: '' }); // { title: { key: 'form.required' } }
 * ```
 */
export function validateFactCard(input: FactCardDraft): FieldErrors<'title' | 'text' | 'keywords'> {
  const keywords = splitKeywords(input.keywords);
  return clean({
    title: text(input.title, { max: 200 }),
    text: text(input.text, { max: 4000 }),
    keywords:
      keywords.length > 30 || keywords.some((keyword) => keyword.length > 60)
        ? { key: 'facts.keywordsInvalid' }
        : undefined,
  });
}

/**
 * The keywords of a comma-separated list, trimmed, without empty entries.
 *
 * @example
 * ```ts
 * splitKeywords('pumpkin, toy,,'); // ['pumpkin', 'toy']
 * ```
 */
export function splitKeywords(value: string): string[] {
  return value
    .split(/[,，、]/)
    .map((keyword) => keyword.trim())
    .filter(Boolean);
}

/** The kinds of zoo rule (`guardrails.custom[].type` of `PATCH /api/animal_config`). */
export const GUARDRAIL_TYPES = ['ALWAYS', 'NEVER', 'ENCOURAGE', 'DISCOURAGE'] as const;

/** A zoo rule a zookeeper types for one animal. */
export interface GuardrailDraft {
  type: string;
  rule: string;
  /** Comma-separated words to hide. */
  keywords: string;
}

const GUARDRAIL_KEYWORD = /^[a-zA-Z0-9_-]{1,60}$/;

/**
 * Checks a zoo rule draft the way the server does: a known type, a rule of 1–500 characters, at
 * most 20 keywords of letters, digits, `_` and `-`.
 *
 * @example
 * ```ts
 * validateGuardrail({ type: 'NEVER', rule: '', keywords: 'zebras' }); // { rule: { key: 'form.required' } }
 * ```
 */
export function validateGuardrail(
  input: GuardrailDraft,
): FieldErrors<'type' | 'rule' | 'keywords'> {
  const keywords = splitKeywords(input.keywords);
  return clean({
    type: (GUARDRAIL_TYPES as readonly string[]).includes(input.type)
      ? undefined
      : { key: 'form.required' },
    rule: text(input.rule, { max: 500 }),
    keywords:
      keywords.length > 20 || keywords.some((keyword) => !GUARDRAIL_KEYWORD.test(keyword))
        ? { key: 'guardrails.keywordsInvalid', values: { max: 20 } }
        : undefined,
  });
}

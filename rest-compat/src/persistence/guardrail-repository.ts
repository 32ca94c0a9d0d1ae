/**
 * Guardrails (`quest-dev-guardrails`, key `guardrailId`). Both of the original API's kinds share
 * the table, as they did before:
 * - rule guardrails (`/guardrails*`): one ALWAYS/NEVER/ENCOURAGE/DISCOURAGE rule, id `gr_<hex>`;
 * - text guardrails (`/guardrail*`): a block of guidance text, id `guardrail_<12 hex>`.
 * A `recordType` attribute tells them apart. Deleting is a soft delete with audit stamps, as for
 * every CMZ entity; a deleted guardrail is hidden from every read.
 *
 * @module
 */
import { auditStamp, systemClock, type ActorRef, type AuditFields } from './audit.ts';
import { createLiveTable, oldestFirst, type RepositoryOptions } from './live-table.ts';
import { randomId, type StoredItem } from './store-operations.ts';
import { buildUpdate } from './update-expression.ts';

/** The rule kinds. */
export type RuleType = 'ALWAYS' | 'NEVER' | 'ENCOURAGE' | 'DISCOURAGE';
/** What a rule guardrail is about. */
export type RuleCategory = 'content_safety' | 'educational' | 'personality' | 'technical';

/** The writable fields of a rule guardrail (the spec's `GuardrailInput`, defaults applied). */
export interface NewRuleGuardrail {
  name: string;
  type: RuleType;
  rule: string;
  description: string | null;
  category: RuleCategory;
  priority: number;
  isActive: boolean;
  isGlobal: boolean;
  keywords: string[] | null;
  examples: { good?: string[]; bad?: string[] } | null;
  /** The template it was created from (`applyGuardrailTemplate`), so a re-apply adds no copies. */
  templateId?: string;
}

/** What `updateRule` may change (the spec's `GuardrailUpdate`: not type, rule or isGlobal). */
export type RuleGuardrailChanges = Partial<
  Pick<
    NewRuleGuardrail,
    'name' | 'description' | 'category' | 'priority' | 'isActive' | 'keywords' | 'examples'
  >
>;

/** The writable fields of a text guardrail (the spec's `CreateGuardrailRequest`, defaults applied). */
export interface NewTextGuardrail {
  name: string;
  description?: string;
  guardrailText: string;
  category: 'SAFETY' | 'EDUCATION' | 'TONE' | 'CONTENT';
  severity: 'STRICT' | 'MODERATE' | 'GUIDANCE';
  ageAppropriate: ('PRESCHOOL' | 'ELEMENTARY' | 'FAMILY' | 'ALL_AGES')[];
  isDefault: boolean;
}

/** What `updateText` may change. */
export type TextGuardrailChanges = Partial<NewTextGuardrail>;

interface Audited extends AuditFields {
  guardrailId: string;
}

/** A stored rule guardrail. */
export interface RuleGuardrailRecord extends NewRuleGuardrail, Audited {
  recordType: 'rule-guardrail';
}

/** A stored text guardrail. */
export interface TextGuardrailRecord extends NewTextGuardrail, Audited {
  recordType: 'text-guardrail';
}

/** Either kind. */
export type GuardrailRecord = RuleGuardrailRecord | TextGuardrailRecord;

/** Typed access to guardrails of both kinds. */
export interface GuardrailRepository {
  createRule(input: NewRuleGuardrail, actor?: ActorRef): Promise<RuleGuardrailRecord>;
  createText(input: NewTextGuardrail, actor?: ActorRef): Promise<TextGuardrailRecord>;
  /** A live rule guardrail, or undefined (also for a text one or a deleted one). */
  getRule(guardrailId: string): Promise<RuleGuardrailRecord | undefined>;
  /** A live text guardrail, or undefined. */
  getText(guardrailId: string): Promise<TextGuardrailRecord | undefined>;
  /** Every live guardrail of both kinds, oldest first. */
  list(): Promise<GuardrailRecord[]>;
  /** NotFound when there is no live rule guardrail with this id. */
  updateRule(
    guardrailId: string,
    changes: RuleGuardrailChanges,
    actor?: ActorRef,
  ): Promise<RuleGuardrailRecord>;
  /** NotFound when there is no live text guardrail with this id. */
  updateText(
    guardrailId: string,
    changes: TextGuardrailChanges,
    actor?: ActorRef,
  ): Promise<TextGuardrailRecord>;
  /** Soft-deletes a live guardrail of the given kind; NotFound otherwise. */
  delete(
    guardrailId: string,
    recordType: GuardrailRecord['recordType'],
    actor?: ActorRef,
  ): Promise<void>;
}

/**
 * Creates the repository.
 *
 * @example
 * ```ts
 * const guardrails = createGuardrailRepository({ document, tableName: names.guardrails });
 * const rule = await guardrails.createRule({ name: 'No zebras', type: 'NEVER', rule: 'Never talk about zebras.', ... });
 * ```
 */
export function createGuardrailRepository(options: RepositoryOptions): GuardrailRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;

  const table = createLiveTable({ document, tableName, key: 'guardrailId', entity: 'guardrail' });

  const put = async <R extends GuardrailRecord>(record: R): Promise<R> => {
    await table.putNew(withoutNulls(record));
    return record;
  };

  const read = async (guardrailId: string): Promise<GuardrailRecord | undefined> => {
    const item = await table.getLive(guardrailId);
    return item === undefined ? undefined : toRecord(item);
  };

  // Both kinds share the table: an update through one kind's API must not touch the other kind.
  const update = async (
    guardrailId: string,
    recordType: GuardrailRecord['recordType'],
    fields: Record<string, unknown>,
  ): Promise<GuardrailRecord> => {
    const parts = buildUpdate(fields);
    if (parts === undefined) throw new Error('nothing to update');
    const item = await table.updateLive(guardrailId, {
      ...parts,
      condition: 'recordType = :recordType',
      ExpressionAttributeValues: { ...parts.ExpressionAttributeValues, ':recordType': recordType },
    });
    return toRecord(item);
  };

  return {
    createRule: (input, actor) =>
      put<RuleGuardrailRecord>({
        ...input,
        // `gr_` and hex digits: the spec's `^gr_[a-zA-Z0-9]+$`.
        guardrailId: randomId('gr_', 6),
        recordType: 'rule-guardrail',
        created: auditStamp(clock, actor),
        softDelete: false,
      }),
    createText: (input, actor) =>
      put<TextGuardrailRecord>({
        ...input,
        // The original id shape: `guardrail_` and 12 hex digits.
        guardrailId: randomId('guardrail_', 6),
        recordType: 'text-guardrail',
        created: auditStamp(clock, actor),
        softDelete: false,
      }),
    async getRule(guardrailId) {
      const record = await read(guardrailId);
      return record?.recordType === 'rule-guardrail' ? record : undefined;
    },
    async getText(guardrailId) {
      const record = await read(guardrailId);
      return record?.recordType === 'text-guardrail' ? record : undefined;
    },
    async list() {
      const items = await table.scanLive();
      return items.map(toRecord).sort(oldestFirst);
    },
    async updateRule(guardrailId, changes, actor) {
      const fields = { ...changes, modified: auditStamp(clock, actor) };
      return (await update(guardrailId, 'rule-guardrail', fields)) as RuleGuardrailRecord;
    },
    async updateText(guardrailId, changes, actor) {
      const fields = { ...changes, modified: auditStamp(clock, actor) };
      return (await update(guardrailId, 'text-guardrail', fields)) as TextGuardrailRecord;
    },
    async delete(guardrailId, recordType, actor) {
      const deleted = auditStamp(clock, actor);
      await update(guardrailId, recordType, { softDelete: true, deleted, modified: deleted });
    },
  };
}

// DynamoDB stores no nulls worth keeping: an absent attribute reads back as null below.
function withoutNulls(record: GuardrailRecord): StoredItem {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null));
}

function toRecord(item: StoredItem): GuardrailRecord {
  const softDelete = item.softDelete === true;
  if (item.recordType === 'text-guardrail') {
    return {
      ...(item as unknown as TextGuardrailRecord),
      ageAppropriate: Array.isArray(item.ageAppropriate)
        ? (item.ageAppropriate as TextGuardrailRecord['ageAppropriate'])
        : ['ALL_AGES'],
      isDefault: item.isDefault === true,
      softDelete,
    };
  }
  return {
    ...(item as unknown as RuleGuardrailRecord),
    recordType: 'rule-guardrail',
    description: typeof item.description === 'string' ? item.description : null,
    keywords: Array.isArray(item.keywords) ? item.keywords.map(String) : null,
    examples:
      item.examples !== null && typeof item.examples === 'object'
        ? (item.examples as RuleGuardrailRecord['examples'])
        : null,
    priority: typeof item.priority === 'number' ? item.priority : 50,
    isActive: item.isActive !== false,
    isGlobal: item.isGlobal === true,
    softDelete,
  };
}

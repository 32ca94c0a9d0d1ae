/**
 * Audit stamps carried by every entity (`created`, `modified`, `deleted` plus `softDelete`), as in
 * the original stack's AuditFields, and the injectable clock the repositories use.
 *
 * @module
 */

/** Who did something; ids only in logs, the email and name live only in the record. */
export interface ActorRef {
  actorId?: string;
  email?: string;
  displayName?: string;
}

/** When and by whom. */
export interface AuditStamp {
  /** ISO 8601 with milliseconds, UTC. */
  at: string;
  by?: ActorRef;
}

/**
 * The audit fields of an entity that is soft-deleted: written once, changed, deleted (deleting
 * also counts as a change).
 *
 * @example
 * ```ts
 * interface MediaRecord extends NewMedia, AuditFields { mediaId: string }
 * ```
 */
export interface AuditFields {
  created: AuditStamp;
  modified?: AuditStamp;
  deleted?: AuditStamp;
  softDelete: boolean;
}

/** Returns the current time; tests inject a fixed or stepping clock. */
export type Clock = () => Date;

/** The wall clock. */
export const systemClock: Clock = () => new Date();

/**
 * A stamp for now, by `actor` when known.
 *
 * @example
 * ```ts
 * const created = auditStamp(systemClock, { actorId: 'user_0123456789ab' });
 * ```
 */
export function auditStamp(clock: Clock, actor?: ActorRef): AuditStamp {
  return actor === undefined
    ? { at: clock().toISOString() }
    : { at: clock().toISOString(), by: actor };
}

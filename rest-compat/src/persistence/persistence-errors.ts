/**
 * Typed failures of the persistence layer. They carry no HTTP knowledge: the REST layer maps them
 * (ConditionFailed → 409, NotFound → 404, InvalidReference → 400, StoreUnavailable → 503).
 * Messages name entities and ids only, never personal data such as emails.
 *
 * @module
 */

/** Base class, so callers can tell persistence failures from programming errors. */
export class PersistenceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A conditional write lost: a duplicate key or email, or a version that moved on.
 *
 * @example
 * ```ts
 * throw new ConditionFailed('animal', 'animal-1', 'version_conflict');
 * ```
 */
export class ConditionFailed extends PersistenceError {
  readonly entity: string;
  readonly id: string;
  /** Why the condition failed, e.g. `already_exists`, `email_taken`, `version_conflict`. */
  readonly reason: string;

  constructor(entity: string, id: string, reason: string, options?: { cause?: unknown }) {
    super(`${entity} ${id}: ${reason}`, options);
    this.entity = entity;
    this.id = id;
    this.reason = reason;
  }
}

/**
 * The record does not exist (or is soft-deleted where that hides it).
 *
 * @example
 * ```ts
 * throw new NotFound('user', 'user_0123456789ab');
 * ```
 */
export class NotFound extends PersistenceError {
  readonly entity: string;
  readonly id: string;

  constructor(entity: string, id: string) {
    super(`${entity} ${id} not found`);
    this.entity = entity;
    this.id = id;
  }
}

/**
 * A record refers to others that do not exist, e.g. a family naming an unknown user.
 *
 * @example
 * ```ts
 * throw new InvalidReference('user', ['user_missing']);
 * ```
 */
export class InvalidReference extends PersistenceError {
  readonly entity: string;
  readonly missingIds: readonly string[];

  constructor(entity: string, missingIds: readonly string[]) {
    super(`unknown ${entity} ids: ${missingIds.join(', ')}`);
    this.entity = entity;
    this.missingIds = missingIds;
  }
}

/**
 * DynamoDB could not be reached or refused the request (network, throttling, missing table).
 *
 * @example
 * ```ts
 * throw new StoreUnavailable('GetItem quest-dev-user', { cause: error });
 * ```
 */
export class StoreUnavailable extends PersistenceError {
  constructor(operation: string, options: { cause: unknown }) {
    super(`store unavailable during ${operation}`, options);
  }
}

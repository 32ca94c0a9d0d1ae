import { randomUUID } from 'node:crypto';
import { EngineError } from '../errors/engine-error.ts';
import type { ConversationStoreOptions } from './conversation-store.ts';

/** The limits both conversation stores use when an option is left out. */
export const defaultConversationStoreOptions: Readonly<ConversationStoreOptions> = {
  maxMessages: 50,
  ttlSeconds: 2_592_000,
  claimTtlSeconds: 86_400,
};

/**
 * Fills in defaults and rejects limits that would silently break a store (a zero TTL would make
 * Redis reject EXPIRE, a zero `maxMessages` would keep nothing).
 *
 * @example
 * ```ts
 * resolveConversationStoreOptions({ maxMessages: 20 }); // { maxMessages: 20, ttlSeconds: 2592000, ... }
 * ```
 */
export function resolveConversationStoreOptions(
  options: Partial<ConversationStoreOptions> = {},
): ConversationStoreOptions {
  const resolved: ConversationStoreOptions = {
    maxMessages: options.maxMessages ?? defaultConversationStoreOptions.maxMessages,
    ttlSeconds: options.ttlSeconds ?? defaultConversationStoreOptions.ttlSeconds,
    claimTtlSeconds: options.claimTtlSeconds ?? defaultConversationStoreOptions.claimTtlSeconds,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
        args: [`conversation store option ${name} must be a positive integer`],
      });
    }
  }
  return resolved;
}

/**
 * A new conversation id: `c_` and 32 hex characters (URL-safe, unguessable).
 *
 * @example
 * ```ts
 * newConversationId(); // 'c_3f2b9c...'
 * ```
 */
export function newConversationId(): string {
  return `c_${randomUUID().replaceAll('-', '')}`;
}

/**
 * Key names of everything the engine keeps in Redis, in one place so the layout is documented
 * once and every node computes the same names.
 *
 * Layout (with the default prefix `cmz:`):
 * - `cmz:conv:<id>`: hash, the conversation record (+ `indexKey`, the name of its index key)
 * - `cmz:conv:<id>:messages`: list of JSON messages, oldest first, trimmed to `maxMessages`
 * - `cmz:conv:<id>:claims`: hash `clientMessageId` → `<expiresAtMs>|<JSON ClaimedMessage>`
 * - `cmz:conv:<id>:reactions`: hash `messageId` → JSON `{emoji: [visitorId, ...]}`, who reacted
 *   (the counts themselves are kept in the message JSON)
 * - `cmz:conv-by-visitor:<visitorId>:<animalId>`: string, the conversation id of that pair
 * - `cmz:conv-list:<visitorId>`: sorted set of the visitor's conversation ids, scored by
 *   `updatedAt` in epoch ms (expired entries are dropped when the list is read)
 * - `cmz:conversation-shares:<conversationId>`: set of the share ids taken from that conversation
 *   (expiring with the newest of them), so deleting the conversation revokes its links
 * - `cmz:share:<shareId>`: hash `creator`, `snapshot` (JSON), one share link, expiring on its own
 * - `cmz:rate:<key>`: hash `tokens`, `ts` (ms), one token bucket of the rate limiter
 * - `cmz:reply:<replyId>`: hash, one reply's journal entry (`conversationId`, `visitorId`,
 *   `nodeId`, `status`, `snapshotSeq`, `seq`, `error`); `…:snapshot` string, the compacted text;
 *   `…:deltas` list, the recent delta texts (seq `snapshotSeq + 1` onwards)
 * - `cmz:reply-active:<conversationId>`: string, the reply streaming now in that conversation
 * - `cmz:nodes`: set of node ids that heartbeat; `cmz:node:<nodeId>`: the heartbeat (PX TTL);
 *   `cmz:node:<nodeId>:replies`: set of the reply ids that node is generating. The channel
 *   `cmz:node:<nodeId>:abort` carries aborts routed to that node.
 * - `cmz:presence:<conversationId>`: hash `nodeId` → `<count>|<expiresAtMs>`, the sockets each
 *   node has in the conversation's room (a node that dies stops refreshing; its entry expires)
 * - `cmz:room:<roomId>`: hash, one shared room (`rooms/redis-room-store.ts` lists its sub-keys:
 *   `…:members`, `…:removed`, `…:questions`, `…:votes`, `…:voters:<questionId>`, `…:answer-queue`,
 *   leases); `cmz:room-code:<joinCode>`: string, the open room holding that code
 *
 * Visitor and animal ids are URI-encoded in key names so a `:` inside an id can never make two
 * different pairs share one key.
 *
 * @module
 */

/** The default prefix of every key. */
export const defaultKeyPrefix = 'cmz:';

/** Key names for one prefix. */
export interface RedisKeys {
  /** Prefix of conversation hashes; the Lua scripts append the id to it. */
  readonly conversationPrefix: string;
  conversation(conversationId: string): string;
  messages(conversationId: string): string;
  claims(conversationId: string): string;
  reactions(conversationId: string): string;
  visitorIndex(visitorId: string, animalId: string): string;
  visitorConversations(visitorId: string): string;
  share(shareId: string): string;
  /** Set of the share ids taken from one conversation (to revoke them when it is deleted). */
  conversationShares(conversationId: string): string;
  rateLimit(key: string): string;
  /** Prefix of reply journal hashes; the Lua scripts append the reply id (and suffixes). */
  readonly replyPrefix: string;
  reply(replyId: string): string;
  replySnapshot(replyId: string): string;
  replyDeltas(replyId: string): string;
  /** Prefix of the active-reply pointers; the Lua scripts append the conversation id. */
  readonly activeReplyPrefix: string;
  activeReply(conversationId: string): string;
  /** Prefix of node keys; the Lua scripts append the node id (and suffixes). */
  readonly nodePrefix: string;
  readonly nodes: string;
  nodeHeartbeat(nodeId: string): string;
  nodeReplies(nodeId: string): string;
  /** The pub/sub channel of aborts for replies that node generates. */
  nodeAbortChannel(nodeId: string): string;
  presence(conversationId: string): string;
  /** One shared room's hash; its other keys start with this name followed by `:`. */
  room(roomId: string): string;
  /** The open room a join code belongs to. */
  roomCode(joinCode: string): string;
}

/**
 * Builds the key names for `prefix`.
 *
 * @example
 * ```ts
 * createRedisKeys().messages('c_1'); // 'cmz:conv:c_1:messages'
 * ```
 */
export function createRedisKeys(prefix: string = defaultKeyPrefix): RedisKeys {
  const conversationPrefix = `${prefix}conv:`;
  return {
    conversationPrefix,
    conversation: (conversationId) => `${conversationPrefix}${conversationId}`,
    messages: (conversationId) => `${conversationPrefix}${conversationId}:messages`,
    claims: (conversationId) => `${conversationPrefix}${conversationId}:claims`,
    reactions: (conversationId) => `${conversationPrefix}${conversationId}:reactions`,
    visitorIndex: (visitorId, animalId) =>
      `${prefix}conv-by-visitor:${encodeURIComponent(visitorId)}:${encodeURIComponent(animalId)}`,
    visitorConversations: (visitorId) => `${prefix}conv-list:${encodeURIComponent(visitorId)}`,
    share: (shareId) => `${prefix}share:${shareId}`,
    conversationShares: (conversationId) => `${prefix}conversation-shares:${conversationId}`,
    rateLimit: (key) => `${prefix}rate:${key}`,
    replyPrefix: `${prefix}reply:`,
    reply: (replyId) => `${prefix}reply:${replyId}`,
    replySnapshot: (replyId) => `${prefix}reply:${replyId}:snapshot`,
    replyDeltas: (replyId) => `${prefix}reply:${replyId}:deltas`,
    activeReplyPrefix: `${prefix}reply-active:`,
    activeReply: (conversationId) => `${prefix}reply-active:${conversationId}`,
    nodePrefix: `${prefix}node:`,
    nodes: `${prefix}nodes`,
    nodeHeartbeat: (nodeId) => `${prefix}node:${nodeId}`,
    nodeReplies: (nodeId) => `${prefix}node:${nodeId}:replies`,
    nodeAbortChannel: (nodeId) => `${prefix}node:${nodeId}:abort`,
    presence: (conversationId) => `${prefix}presence:${conversationId}`,
    room: (roomId) => `${prefix}room:${roomId}`,
    roomCode: (joinCode) => `${prefix}room-code:${joinCode}`,
  };
}

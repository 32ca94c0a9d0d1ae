/**
 * Lua scripts of the Redis conversation store. Each write is one script: one round trip, atomic
 * on the server, so two nodes can never interleave half-done writes, and a write racing a
 * `deleteConversation` can never resurrect a deleted conversation's history.
 *
 * The scripts read the conversation hash's `indexKey` field and build key names from the id in
 * the index, so they touch keys not listed in KEYS: fine on a standalone or Sentinel Redis, not
 * on Redis Cluster (which would need every key of a conversation in one hash slot).
 *
 * @module
 */
import type { Redis } from 'ioredis';

/**
 * Lua helpers shared by the write scripts: `refresh` renews the TTL of a conversation, its
 * history, its reactions, its visitor index and its visitor list; `relist` moves it to the top of
 * the visitor's list (score: `updatedAt` in epoch ms).
 */
export const luaRefresh = `
local function refresh(conversationKey, messagesKey, reactionsKey, ttl)
  redis.call('EXPIRE', conversationKey, ttl)
  redis.call('EXPIRE', messagesKey, ttl)
  redis.call('EXPIRE', reactionsKey, ttl)
  local indexKey = redis.call('HGET', conversationKey, 'indexKey')
  if indexKey then redis.call('EXPIRE', indexKey, ttl) end
  local listKey = redis.call('HGET', conversationKey, 'listKey')
  if listKey then redis.call('EXPIRE', listKey, ttl) end
end
local function relist(conversationKey, scoreMs)
  local listKey = redis.call('HGET', conversationKey, 'listKey')
  if listKey then
    redis.call('ZADD', listKey, scoreMs, redis.call('HGET', conversationKey, 'id'))
  end
end
`;

// Redis time, so every node agrees on claim expiry whatever its own clock says.
const luaNowMs = `
local function nowMs()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local function claimExpiresAt(stored)
  return tonumber(string.sub(stored, 1, string.find(stored, '|', 1, true) - 1))
end
`;

// KEYS: index, visitor list. ARGV: conversation prefix, new id, visitorId, animalId, locale,
// now ISO, ttl, now ms. The GET-then-SET of the index runs inside one script, so it is as atomic
// as SET NX: nodes racing on a first join all get the same id. An index whose hash has expired is
// replaced. A conversation stored before visitor lists existed joins its list here (HSETNX, NX).
const getOrCreateLua = `
local indexKey, listKey, prefix, ttl = KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[7])
local id = redis.call('GET', indexKey)
if id and redis.call('EXISTS', prefix .. id) == 1 then
  redis.call('HSETNX', prefix .. id, 'listKey', listKey)
  redis.call('ZADD', listKey, 'NX', ARGV[8], id)
  for _, key in ipairs({indexKey, listKey, prefix .. id, prefix .. id .. ':messages',
      prefix .. id .. ':reactions'}) do
    redis.call('EXPIRE', key, ttl)
  end
  return redis.call('HGETALL', prefix .. id)
end
id = ARGV[2]
redis.call('SET', indexKey, id, 'EX', ttl)
redis.call('HSET', prefix .. id, 'id', id, 'visitorId', ARGV[3], 'animalId', ARGV[4],
  'locale', ARGV[5], 'createdAt', ARGV[6], 'updatedAt', ARGV[6], 'indexKey', indexKey,
  'listKey', listKey)
redis.call('EXPIRE', prefix .. id, ttl)
redis.call('ZADD', listKey, ARGV[8], id)
redis.call('EXPIRE', listKey, ttl)
return redis.call('HGETALL', prefix .. id)
`;

// KEYS: conversation, messages, reactions. ARGV: locale, now ISO, ttl, now ms. 0: not found.
const setLocaleLua = `${luaRefresh}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'locale', ARGV[1], 'updatedAt', ARGV[2])
relist(KEYS[1], ARGV[4])
refresh(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[3]))
return 1
`;

// KEYS: conversation, messages, reactions. ARGV: message JSON, maxMessages, now ISO, ttl, now ms.
// Who reacted to a message dropped past maxMessages is forgotten with it.
const appendMessageLua = `${luaRefresh}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
local excess = redis.call('LLEN', KEYS[2]) - tonumber(ARGV[2])
if excess > 0 and redis.call('EXISTS', KEYS[3]) == 1 then
  for _, json in ipairs(redis.call('LRANGE', KEYS[2], 0, excess - 1)) do
    local ok, dropped = pcall(cjson.decode, json)
    if ok and type(dropped) == 'table' and type(dropped.id) == 'string' then
      redis.call('HDEL', KEYS[3], dropped.id)
    end
  end
end
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[3])
relist(KEYS[1], ARGV[5])
refresh(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[4]))
return 1
`;

// KEYS: conversation, claims. ARGV: clientMessageId, value JSON, claim ttl, prune threshold.
// Returns {0} not found, {1} claimed, {2, existing JSON}. Each field carries its own expiry
// (Redis 7.0 has no per-field TTL); the whole hash expires claimTtl after the newest claim, and
// expired fields are pruned once the hash grows past the threshold.
const claimLua = `${luaNowMs}
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local now = nowMs()
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing and claimExpiresAt(existing) > now then
  return {2, string.sub(existing, string.find(existing, '|', 1, true) + 1)}
end
local ttl = tonumber(ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], tostring(now + ttl * 1000) .. '|' .. ARGV[2])
redis.call('EXPIRE', KEYS[2], ttl)
if redis.call('HLEN', KEYS[2]) > tonumber(ARGV[4]) then
  local all = redis.call('HGETALL', KEYS[2])
  for index = 1, #all, 2 do
    if claimExpiresAt(all[index + 1]) <= now then redis.call('HDEL', KEYS[2], all[index]) end
  end
end
return {1}
`;

// KEYS: claims. ARGV: clientMessageId. Returns the claim JSON, or nil when absent or expired.
const findClaimLua = `${luaNowMs}
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if not existing or claimExpiresAt(existing) <= nowMs() then return false end
return string.sub(existing, string.find(existing, '|', 1, true) + 1)
`;

// KEYS: conversation, messages, claims, reactions. ARGV: id. The index goes only if it still
// points here; the id leaves the visitor's list.
const deleteLua = `
local indexKey = redis.call('HGET', KEYS[1], 'indexKey')
if indexKey and redis.call('GET', indexKey) == ARGV[1] then redis.call('DEL', indexKey) end
local listKey = redis.call('HGET', KEYS[1], 'listKey')
if listKey then redis.call('ZREM', listKey, ARGV[1]) end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return 1
`;

type Value = string | number;

/** The store's scripts, as commands defined on an ioredis client (EVALSHA, EVAL on NOSCRIPT). */
export interface ConversationScripts {
  cmzConversationGetOrCreate(
    indexKey: string,
    listKey: string,
    ...args: Value[]
  ): Promise<string[]>;
  cmzConversationSetLocale(
    conversationKey: string,
    messagesKey: string,
    reactionsKey: string,
    ...args: Value[]
  ): Promise<number>;
  cmzConversationAppend(
    conversationKey: string,
    messagesKey: string,
    reactionsKey: string,
    ...args: Value[]
  ): Promise<number>;
  cmzConversationClaim(
    conversationKey: string,
    claimsKey: string,
    ...args: Value[]
  ): Promise<[number, string?]>;
  cmzConversationFindClaim(claimsKey: string, clientMessageId: string): Promise<string | null>;
  cmzConversationDelete(
    conversationKey: string,
    messagesKey: string,
    claimsKey: string,
    reactionsKey: string,
    id: string,
  ): Promise<number>;
}

const scripts: Record<keyof ConversationScripts, { lua: string; numberOfKeys: number }> = {
  cmzConversationGetOrCreate: { lua: getOrCreateLua, numberOfKeys: 2 },
  cmzConversationSetLocale: { lua: setLocaleLua, numberOfKeys: 3 },
  cmzConversationAppend: { lua: appendMessageLua, numberOfKeys: 3 },
  cmzConversationClaim: { lua: claimLua, numberOfKeys: 2 },
  cmzConversationFindClaim: { lua: findClaimLua, numberOfKeys: 1 },
  cmzConversationDelete: { lua: deleteLua, numberOfKeys: 4 },
};

/**
 * Defines the store's scripts on `redis` (as `cmzConversation*` commands; defining them again is
 * harmless) and returns the client typed with them.
 *
 * @example
 * ```ts
 * const commands = defineConversationScripts(redis);
 * await commands.cmzConversationFindClaim('cmz:conv:c_1:claims', 'client-1');
 * ```
 */
export function defineConversationScripts(redis: Redis): ConversationScripts {
  for (const [name, definition] of Object.entries(scripts)) {
    redis.defineCommand(name, definition);
  }
  return redis as unknown as ConversationScripts;
}

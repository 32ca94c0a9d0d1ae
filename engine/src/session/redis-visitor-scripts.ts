/**
 * Lua scripts of the Redis conversation store for reactions and the visitor's conversation list.
 * Like the other store scripts, each runs atomically on the server in one round trip.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import { luaRefresh } from './redis-conversation-scripts.ts';

// KEYS: conversation, messages, reactions. ARGV: messageId, emoji, visitorId, ttl.
// Returns {0} conversation not found, {-1} message not found, {-2} not an assistant message, or
// {1 added | 2 removed, counts JSON}. Who reacted lives in the reactions hash (messageId → JSON
// {emoji: [visitorId, ...]}); the counts are written into the message JSON as its last key,
// spliced in as text so the rest of the message is never re-encoded by cjson (which would turn
// an empty array into an object). `appendMessage` never stores a `reactions` key, so the one at
// the end is always ours.
const toggleReactionLua = `${luaRefresh}
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local messageId, emoji, visitorId = ARGV[1], ARGV[2], ARGV[3]
local items = redis.call('LRANGE', KEYS[2], 0, -1)
local position, target
for index = #items, 1, -1 do
  local ok, message = pcall(cjson.decode, items[index])
  if ok and type(message) == 'table' and message.id == messageId then
    position, target = index, message
    break
  end
end
if not position then return {-1} end
if target.role ~= 'assistant' then return {-2} end
local stored = redis.call('HGET', KEYS[3], messageId)
local byEmoji = stored and cjson.decode(stored) or {}
local kept, removed = {}, false
for _, id in ipairs(byEmoji[emoji] or {}) do
  if id == visitorId then removed = true else table.insert(kept, id) end
end
if not removed then table.insert(kept, visitorId) end
byEmoji[emoji] = #kept > 0 and kept or nil
local counts, any = {}, false
for key, ids in pairs(byEmoji) do
  counts[key] = #ids
  any = true
end
local json = string.gsub(items[position], ',"reactions":%b{}}$', '}')
json = string.sub(json, 1, -2)
local countsJson = '{}'
if any then
  countsJson = cjson.encode(counts)
  json = json .. ',"reactions":' .. countsJson
  redis.call('HSET', KEYS[3], messageId, cjson.encode(byEmoji))
else
  redis.call('HDEL', KEYS[3], messageId)
end
redis.call('LSET', KEYS[2], position - 1, json .. '}')
refresh(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[4]))
return {removed and 2 or 1, countsJson}
`;

// KEYS: visitor list. ARGV: conversation prefix. Returns each live conversation's hash fields,
// newest first (equal scores: higher id first). Ids whose conversation expired or was deleted
// leave the list here, so it never grows with dead entries.
const listConversationsLua = `
local result = {}
for _, id in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
  local fields = redis.call('HGETALL', ARGV[1] .. id)
  if #fields == 0 then
    redis.call('ZREM', KEYS[1], id)
  else
    table.insert(result, fields)
  end
end
return result
`;

// KEYS: visitor list. ARGV: conversation prefix, visitorId, then extra conversation ids (found
// through the visitor's index keys, for conversations stored before visitor lists existed).
// Deletes each of the visitor's conversations with its history, claims, reactions and index, then
// the list; returns the ids whose conversation existed. A conversation whose hash names another
// visitor is left alone, so a stale index can never delete someone else's conversation.
const deleteVisitorLua = `
local prefix, visitorId = ARGV[1], ARGV[2]
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for index = 3, #ARGV do table.insert(ids, ARGV[index]) end
local deleted, seen = {}, {}
for _, id in ipairs(ids) do
  local key = prefix .. id
  local owner = redis.call('HGET', key, 'visitorId')
  if not seen[id] and (not owner or owner == visitorId) then
    seen[id] = true
    local indexKey = redis.call('HGET', key, 'indexKey')
    if indexKey and redis.call('GET', indexKey) == id then redis.call('DEL', indexKey) end
    if owner then table.insert(deleted, id) end
    redis.call('DEL', key, key .. ':messages', key .. ':claims', key .. ':reactions')
  end
end
redis.call('DEL', KEYS[1])
return deleted
`;

type Value = string | number;

/** The scripts, as commands defined on an ioredis client (EVALSHA, EVAL on NOSCRIPT). */
export interface VisitorScripts {
  cmzConversationToggleReaction(
    conversationKey: string,
    messagesKey: string,
    reactionsKey: string,
    ...args: Value[]
  ): Promise<[number, string?]>;
  cmzConversationList(listKey: string, conversationPrefix: string): Promise<string[][]>;
  cmzVisitorDelete(
    listKey: string,
    conversationPrefix: string,
    visitorId: string,
    ...extraIds: string[]
  ): Promise<string[]>;
}

const scripts: Record<keyof VisitorScripts, { lua: string; numberOfKeys: number }> = {
  cmzConversationToggleReaction: { lua: toggleReactionLua, numberOfKeys: 3 },
  cmzConversationList: { lua: listConversationsLua, numberOfKeys: 1 },
  cmzVisitorDelete: { lua: deleteVisitorLua, numberOfKeys: 1 },
};

/**
 * Defines the scripts on `redis` (defining them again is harmless) and returns the client typed
 * with them.
 *
 * @example
 * ```ts
 * const commands = defineVisitorScripts(redis);
 * await commands.cmzConversationList('cmz:conv-list:v_1', 'cmz:conv:');
 * ```
 */
export function defineVisitorScripts(redis: Redis): VisitorScripts {
  for (const [name, definition] of Object.entries(scripts)) {
    redis.defineCommand(name, definition);
  }
  return redis as unknown as VisitorScripts;
}

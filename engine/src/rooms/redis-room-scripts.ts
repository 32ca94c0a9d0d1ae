/**
 * Lua scripts of the Redis room store: each mutation runs atomically on the server in one round
 * trip, so two nodes racing (two votes, two joins into the last seat) never lose or double an
 * update. Every key of a room expires with the room's hash (`follow` copies its remaining TTL).
 *
 * @module
 */
import type { Redis } from 'ioredis';

// Gives `keys` the remaining lifetime of the room hash (KEYS[1] of every script).
const luaFollow = `
local function follow(...)
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then
    for _, key in ipairs({...}) do redis.call('PEXPIRE', key, ttl) end
  end
end
`;

// KEYS: room, members, by-visitor. ARGV: memberId, visitorId, nickname ('' = live viewer),
// joinedAt, maxMembers (-1: no cap). Returns {status, memberJson?}.
const addMemberLua = `${luaFollow}
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HGET', KEYS[1], 'ended') == '1' then
  return {'not-found'}
end
local viewer = ARGV[3] == ''
if viewer then
  local earlier = redis.call('HGET', KEYS[3], ARGV[2])
  local member = earlier and redis.call('HGET', KEYS[2], earlier)
  if member then return {'existing', member} end
end
local max = tonumber(ARGV[5])
if max >= 0 and redis.call('HLEN', KEYS[2]) >= max then return {'full'} end
local nickname = ARGV[3]
if viewer then nickname = 'Viewer ' .. redis.call('HINCRBY', KEYS[1], 'viewerSeq', 1) end
local member = cjson.encode({memberId = ARGV[1], nickname = nickname, visitorId = ARGV[2], joinedAt = ARGV[4]})
redis.call('HSET', KEYS[2], ARGV[1], member)
if viewer then redis.call('HSET', KEYS[3], ARGV[2], ARGV[1]) end
follow(KEYS[2], KEYS[3])
return {'added', member}
`;

// KEYS: room, members, removed, by-visitor. ARGV: memberId. Returns 1 when removed.
const removeMemberLua = `${luaFollow}
local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
local visitorId = cjson.decode(raw).visitorId
if redis.call('HGET', KEYS[4], visitorId) == ARGV[1] then redis.call('HDEL', KEYS[4], visitorId) end
follow(KEYS[3])
return 1
`;

// KEYS: room, code. ARGV: roomId. Returns 0 when the room does not exist.
const endRoomLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'ended', '1')
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
`;

// KEYS: room. ARGV: field, value, field, value... Returns 0 when the room does not exist.
const updateRoomLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`;

// KEYS: room, asked, questions, votes. ARGV: askedField, questionId, questionJson.
// Returns {1 created | 0 earlier, questionJson, votes}.
const addQuestionLua = `${luaFollow}
local earlier = redis.call('HGET', KEYS[2], ARGV[1])
if earlier then
  return {0, redis.call('HGET', KEYS[3], earlier), redis.call('HGET', KEYS[4], earlier) or '0'}
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
follow(KEYS[2], KEYS[3])
return {1, ARGV[3], '0'}
`;

// KEYS: room, questions, queue, votes. ARGV: questionId, from (comma-separated), to ('' keeps),
// hasText ('1'), text, mergeJson ('' none), enqueue ('1'). Returns {json, votes} or nil.
const transitionLua = `${luaFollow}
local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then return nil end
local question = cjson.decode(raw)
local allowed = false
for status in string.gmatch(ARGV[2], '[^,]+') do
  if status == question.status then allowed = true end
end
if not allowed then return nil end
if ARGV[3] ~= '' then question.status = ARGV[3] end
if ARGV[4] == '1' then question.text = ARGV[5] end
if ARGV[6] ~= '' then
  local merge = cjson.decode(ARGV[6])
  for _, field in ipairs({'mergedFrom', 'mergedAuthors', 'mergedMembers'}) do
    local list = question[field]
    if type(list) ~= 'table' then list = {} end
    for _, value in ipairs(merge[field]) do table.insert(list, value) end
    question[field] = list
  end
end
if ARGV[7] == '1' and not question.queued then
  question.queued = true
  redis.call('RPUSH', KEYS[3], ARGV[1])
  follow(KEYS[3])
end
local json = cjson.encode(question)
redis.call('HSET', KEYS[2], ARGV[1], json)
return {json, redis.call('HGET', KEYS[4], ARGV[1]) or '0'}
`;

// KEYS: room, questions, voters (of the question), voted (by the member), votes.
// ARGV: questionId, memberId. Returns {1 counted | 0 already, votes} or nil (not votable).
const voteLua = `${luaFollow}
local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then return nil end
local status = cjson.decode(raw).status
if status ~= 'pending' and status ~= 'approved' then return nil end
if redis.call('SADD', KEYS[3], ARGV[2]) == 1 then
  redis.call('SADD', KEYS[4], ARGV[1])
  local votes = redis.call('HINCRBY', KEYS[5], ARGV[1], 1)
  follow(KEYS[3], KEYS[4], KEYS[5])
  return {1, votes}
end
return {0, tonumber(redis.call('HGET', KEYS[5], ARGV[1]) or '0')}
`;

// KEYS: room, moderators. ARGV: visitorId.
const addModeratorLua = `${luaFollow}
redis.call('SADD', KEYS[2], ARGV[1])
follow(KEYS[2])
return 1
`;

// KEYS: window hash. ARGV: ttlMs, emoji, count, emoji, count...
const addReactionsLua = `
for index = 2, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[index], ARGV[index + 1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

// KEYS: window hash, claim key. ARGV: ttlMs. Returns the window's counts (flat) to the first
// claimer, nil to the others and for an empty window.
const claimReactionsLua = `
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) == false then return nil end
local counts = redis.call('HGETALL', KEYS[1])
if #counts == 0 then return nil end
return counts
`;

// KEYS: lease. ARGV: owner, ttlMs. Extends the lease when the owner still holds it.
const renewLeaseLua = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

// KEYS: lease. ARGV: owner. Deletes the lease when the owner still holds it.
const releaseLeaseLua = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

const scripts = {
  cmzRoomAddMember: { lua: addMemberLua, numberOfKeys: 3 },
  cmzRoomRemoveMember: { lua: removeMemberLua, numberOfKeys: 4 },
  cmzRoomEnd: { lua: endRoomLua, numberOfKeys: 2 },
  cmzRoomUpdate: { lua: updateRoomLua, numberOfKeys: 1 },
  cmzRoomAddQuestion: { lua: addQuestionLua, numberOfKeys: 4 },
  cmzRoomTransition: { lua: transitionLua, numberOfKeys: 4 },
  cmzRoomVote: { lua: voteLua, numberOfKeys: 5 },
  cmzRoomAddModerator: { lua: addModeratorLua, numberOfKeys: 2 },
  cmzRoomAddReactions: { lua: addReactionsLua, numberOfKeys: 1 },
  cmzRoomClaimReactions: { lua: claimReactionsLua, numberOfKeys: 2 },
  cmzRoomRenewLease: { lua: renewLeaseLua, numberOfKeys: 1 },
  cmzRoomReleaseLease: { lua: releaseLeaseLua, numberOfKeys: 1 },
} as const;

/** The name of one room script. */
export type RoomScript = keyof typeof scripts;

/** Calls a defined room script (KEYS then ARGV, as ioredis passes them). */
export type RoomScriptCall = (
  script: RoomScript,
  ...keysAndArgs: (string | number)[]
) => Promise<unknown>;

/**
 * Defines the room scripts on a client (once per client) and returns a caller.
 *
 * @example
 * ```ts
 * const call = defineRoomScripts(redis);
 * await call('cmzRoomVote', roomKey, questionsKey, votersKey, votedKey, votesKey, questionId, memberId);
 * ```
 */
export function defineRoomScripts(redis: Redis): RoomScriptCall {
  for (const [name, definition] of Object.entries(scripts)) {
    if (!(name in redis)) redis.defineCommand(name, definition);
  }
  const commands = redis as unknown as Record<
    RoomScript,
    (...keysAndArgs: (string | number)[]) => Promise<unknown>
  >;
  return (script, ...keysAndArgs) => commands[script](...keysAndArgs);
}

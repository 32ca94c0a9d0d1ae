/**
 * Lua scripts of the Redis reply journal. Each write is one script (atomic, one round trip), so a
 * node appending a delta can never interleave with another node claiming the reply as orphaned,
 * and two sweepers can never both claim one reply.
 *
 * Like the conversation scripts, `claimOrphans` builds key names from prefixes (fine on a
 * standalone or Sentinel Redis, not on Redis Cluster).
 *
 * @module
 */
import type { Redis } from 'ioredis';

// KEYS: reply, deltas, snapshot, active pointer, node's reply set.
// ARGV: replyId, conversationId, visitorId, nodeId, streaming ttl.
const startLua = `
local ttl = tonumber(ARGV[5])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'replyId', ARGV[1], 'conversationId', ARGV[2], 'visitorId', ARGV[3],
  'nodeId', ARGV[4], 'status', 'streaming', 'snapshotSeq', 0, 'seq', 0)
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('SET', KEYS[4], ARGV[1], 'EX', ttl)
redis.call('SADD', KEYS[5], ARGV[1])
redis.call('EXPIRE', KEYS[5], ttl)
return 1
`;

// KEYS: reply, deltas, snapshot. ARGV: seq, text, recent deltas kept, streaming ttl.
// 0 when the reply is not streaming (claimed) or seq does not follow: the caller repairs with
// replace. The oldest delta beyond the window is APPENDed to the snapshot string (O(1)).
const appendLua = `
if redis.call('HGET', KEYS[1], 'status') ~= 'streaming' then return 0 end
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq'))
if tonumber(ARGV[1]) ~= seq + 1 then return 0 end
local ttl = tonumber(ARGV[4])
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[1], 'seq', ARGV[1])
if redis.call('LLEN', KEYS[2]) > tonumber(ARGV[3]) then
  redis.call('APPEND', KEYS[3], redis.call('LPOP', KEYS[2]))
  redis.call('HINCRBY', KEYS[1], 'snapshotSeq', 1)
  redis.call('EXPIRE', KEYS[3], ttl)
end
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
return 1
`;

// KEYS: reply, deltas, snapshot. ARGV: text, seq, streaming ttl.
const replaceLua = `
if redis.call('HGET', KEYS[1], 'status') ~= 'streaming' then return 0 end
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[3], ARGV[1], 'EX', tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], 'snapshotSeq', ARGV[2], 'seq', ARGV[2])
return 1
`;

// KEYS: reply, deltas, snapshot, node's reply set.
// ARGV: nodeId, status, error JSON ('' for none), ttl, replyId, active pointer prefix.
const finishLua = `
if redis.call('HGET', KEYS[1], 'status') ~= 'streaming' then return 0 end
if redis.call('HGET', KEYS[1], 'nodeId') ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'nodeId', '')
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'error', ARGV[3]) end
for _, key in ipairs({KEYS[1], KEYS[2], KEYS[3]}) do redis.call('EXPIRE', key, ttl) end
local active = ARGV[6] .. redis.call('HGET', KEYS[1], 'conversationId')
if redis.call('GET', active) == ARGV[5] then redis.call('DEL', active) end
redis.call('SREM', KEYS[4], ARGV[5])
return 1
`;

// KEYS: reply, deltas, snapshot. Returns {hash fields..., snapshot, deltas...} atomically.
const readLua = `
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then return false end
return {fields, redis.call('GET', KEYS[3]) or '', redis.call('LRANGE', KEYS[2], 0, -1)}
`;

// KEYS: the nodes set. ARGV: node prefix, reply prefix, active prefix, error JSON, ttl, caller.
// For each node whose heartbeat expired: its streaming replies are marked error (exactly once,
// inside this script) and returned; the node is forgotten.
const claimOrphansLua = `
local nodePrefix, replyPrefix, activePrefix, ttl = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[5])
local orphans = {}
for _, nodeId in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if nodeId ~= ARGV[6] and redis.call('EXISTS', nodePrefix .. nodeId) == 0 then
    local setKey = nodePrefix .. nodeId .. ':replies'
    for _, replyId in ipairs(redis.call('SMEMBERS', setKey)) do
      local key = replyPrefix .. replyId
      if redis.call('HGET', key, 'status') == 'streaming'
          and redis.call('HGET', key, 'nodeId') == nodeId then
        redis.call('HSET', key, 'status', 'error', 'nodeId', '', 'error', ARGV[4])
        for _, each in ipairs({key, key .. ':deltas', key .. ':snapshot'}) do
          redis.call('EXPIRE', each, ttl)
        end
        local active = activePrefix .. redis.call('HGET', key, 'conversationId')
        if redis.call('GET', active) == replyId then redis.call('DEL', active) end
        table.insert(orphans, replyId)
      end
    end
    redis.call('DEL', setKey)
    redis.call('SREM', KEYS[1], nodeId)
  end
end
return orphans
`;

const scripts = {
  cmzJournalStart: { numberOfKeys: 5, lua: startLua },
  cmzJournalAppend: { numberOfKeys: 3, lua: appendLua },
  cmzJournalReplace: { numberOfKeys: 3, lua: replaceLua },
  cmzJournalFinish: { numberOfKeys: 4, lua: finishLua },
  cmzJournalRead: { numberOfKeys: 3, lua: readLua },
  cmzJournalClaimOrphans: { numberOfKeys: 1, lua: claimOrphansLua },
} as const;

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/** The journal's commands on an ioredis client. */
export type ReplyJournalScripts = Record<keyof typeof scripts, ScriptCall>;

/**
 * Registers the scripts on a client (EVALSHA with an automatic EVAL fallback).
 *
 * @example
 * ```ts
 * const commands = defineReplyJournalScripts(redis);
 * await commands.cmzJournalAppend(replyKey, deltasKey, snapshotKey, 4, 'bamboo ', 64, 600);
 * ```
 */
export function defineReplyJournalScripts(redis: Redis): ReplyJournalScripts {
  for (const [name, definition] of Object.entries(scripts)) {
    redis.defineCommand(name, definition);
  }
  return redis as unknown as ReplyJournalScripts;
}

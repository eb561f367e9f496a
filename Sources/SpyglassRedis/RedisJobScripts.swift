import RedisClient

/// The queue's transitions, one Lua script each: Redis runs a script atomically, so every
/// transition is one round trip and no other client sees it half done.
///
/// Every script gets `KEYS = [ready, leased]` (so a cluster-aware client can route it) and
/// `ARGV[1]` = the braced key prefix, from which it derives the keys of jobs, tenant indexes and
/// dedupe keys. They all share one hash tag, hence one slot. Times are whole milliseconds from
/// the caller's clock, passed in (never `TIME`), and stored as the caller's text: Lua only
/// compares them, so no precision is lost to Lua's number formatting.
enum RedisJobScripts {
    /// Helpers every script starts with. `finish` moves a job to `succeeded` or `dead`: out of
    /// the live sets, into the finished sets (scored by finish time, for counts and pruning),
    /// dedupe key released, hash expiring after the retention.
    static let prelude = """
        local P = ARGV[1]
        local READY, LEASED = KEYS[1], KEYS[2]
        local FINISHED = P .. 'finished'
        local function jobKey(id) return P .. 'job:' .. id end
        local function indexKey(tenant, name) return P .. 'tenant:' .. tenant .. ':' .. name end
        local function dedupeKey(tenant, key) return P .. 'dedupe:' .. tenant .. ':' .. key end
        local function move(tenant, id, from, to)
          redis.call('ZREM', indexKey(tenant, from), id)
          redis.call('ZADD', indexKey(tenant, to), 0, id)
        end
        local function releaseDedupe(tenant, key, id)
          if key then
            local dk = dedupeKey(tenant, key)
            if redis.call('GET', dk) == id then redis.call('DEL', dk) end
          end
        end
        -- Forgets finished jobs older than the cutoff, a bounded batch per call.
        local function prune(cutoff)
          local old = redis.call('ZRANGEBYSCORE', FINISHED, '-inf', '(' .. cutoff, 'LIMIT', 0, 100)
          for _, member in ipairs(old) do
            local at = string.find(member, ' ', 1, true)
            if at then
              local tenant, id = string.sub(member, 1, at - 1), string.sub(member, at + 1)
              redis.call('ZREM', indexKey(tenant, 'all'), id)
              redis.call('ZREM', indexKey(tenant, 'succeeded'), id)
              redis.call('ZREM', indexKey(tenant, 'dead'), id)
              redis.call('ZREM', P .. 'succeeded', id)
              redis.call('ZREM', P .. 'dead', id)
              redis.call('DEL', jobKey(id))
            end
            redis.call('ZREM', FINISHED, member)
          end
        end
        local function finish(id, tenant, from, to, now, lastError, dedupe, cutoff, retention)
          local k = jobKey(id)
          redis.call('HSET', k, 'status', to, 'updatedAt', now, 'finishedAt', now)
          if lastError then redis.call('HSET', k, 'lastError', lastError) end
          redis.call('HDEL', k, 'owner', 'leasedUntil')
          redis.call('ZREM', LEASED, id)
          redis.call('ZREM', READY, id)
          redis.call('ZADD', P .. to, now, id)
          redis.call('ZADD', FINISHED, now, tenant .. ' ' .. id)
          move(tenant, id, from, to)
          releaseDedupe(tenant, dedupe, id)
          redis.call('EXPIRE', k, retention)
          prune(cutoff)
        end

        """

    /// ARGV: prefix, wake-up channel, id, tenant, status, score, dedupe flag ('1'/'0'), dedupe key,
    /// cutoff, retention, then the hash's field-value pairs.
    /// Returns `{'created'}`, `{'existing', fields}` (the live job holding the dedupe key, or the
    /// job already stored under this id: a retried enqueue whose reply was lost is idempotent) or
    /// `{'conflict'}` (the id belongs to another tenant's job).
    static let enqueue = RedisScript(prelude + """
        local id, tenant, status, score = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
        local dedupe = nil
        if ARGV[7] == '1' then dedupe = ARGV[8] end
        if dedupe then
          local holder = redis.call('GET', dedupeKey(tenant, dedupe))
          if holder then
            local state = redis.call('HGET', jobKey(holder), 'status')
            if state == 'queued' or state == 'leased' then
              return {'existing', redis.call('HGETALL', jobKey(holder))}
            end
          end
        end
        if redis.call('EXISTS', jobKey(id)) == 1 then
          if redis.call('HGET', jobKey(id), 'tenant') ~= tenant then return {'conflict'} end
          return {'existing', redis.call('HGETALL', jobKey(id))}
        end
        redis.call('HSET', jobKey(id), unpack(ARGV, 11))
        redis.call('ZADD', indexKey(tenant, 'all'), 0, id)
        redis.call('ZADD', indexKey(tenant, status), 0, id)
        if status == 'queued' then
          redis.call('ZADD', READY, score, id)
        elseif status == 'leased' then
          redis.call('ZADD', LEASED, score, id)
        else
          redis.call('ZADD', P .. status, score, id)
          redis.call('ZADD', FINISHED, score, tenant .. ' ' .. id)
          redis.call('EXPIRE', jobKey(id), ARGV[10])
          return {'created'}
        end
        if dedupe then redis.call('SET', dedupeKey(tenant, dedupe), id) end
        if status == 'queued' then redis.call('PUBLISH', ARGV[2], '') end
        return {'created'}
        """)

    /// ARGV: prefix, now, lease deadline, owner, cutoff, retention, reaper batch size.
    /// First the reaper: leases that ran out go back to `ready` (at their old run time, so they
    /// come first), or to `dead` when that was the last attempt. Then the earliest due job (ties
    /// by id, i.e. by age) is leased. Returns its fields, or nil.
    static let lease = RedisScript(prelude + """
        local now, deadline, owner = ARGV[2], ARGV[3], ARGV[4]
        local expired = redis.call('ZRANGEBYSCORE', LEASED, '-inf', now, 'LIMIT', 0, tonumber(ARGV[7]))
        for _, id in ipairs(expired) do
          local k = jobKey(id)
          local f = redis.call('HMGET', k, 'tenant', 'attempts', 'maxAttempts', 'runAt', 'dedupe')
          local tenant, attempts, maxAttempts = f[1], tonumber(f[2]) or 0, tonumber(f[3]) or 1
          local message = 'lease expired during attempt ' .. attempts .. ' of ' .. maxAttempts
          if not tenant then
            redis.call('ZREM', LEASED, id)
          elseif attempts >= maxAttempts then
            finish(id, tenant, 'leased', 'dead', now, message, f[5], ARGV[5], ARGV[6])
          else
            redis.call('ZREM', LEASED, id)
            redis.call('ZADD', READY, f[4] or now, id)
            redis.call('HSET', k, 'status', 'queued', 'lastError', message, 'updatedAt', now)
            redis.call('HDEL', k, 'owner', 'leasedUntil')
            move(tenant, id, 'leased', 'queued')
          end
        end
        while true do
          local id = redis.call('ZRANGEBYSCORE', READY, '-inf', now, 'LIMIT', 0, 1)[1]
          if not id then return false end
          redis.call('ZREM', READY, id)
          local k = jobKey(id)
          local tenant = redis.call('HGET', k, 'tenant')
          if tenant then
            redis.call('HINCRBY', k, 'attempts', 1)
            redis.call('HSET', k, 'status', 'leased', 'owner', owner, 'leasedUntil', deadline, 'updatedAt', now)
            redis.call('ZADD', LEASED, deadline, id)
            move(tenant, id, 'queued', 'leased')
            return redis.call('HGETALL', k)
          end
        end
        """)

    /// ARGV: prefix, id, owner, now, new deadline. Returns 1 when `owner` still held the lease.
    static let renew = RedisScript(prelude + """
        local id, owner = ARGV[2], ARGV[3]
        local k = jobKey(id)
        local f = redis.call('HMGET', k, 'status', 'owner')
        if f[1] ~= 'leased' or f[2] ~= owner then return 0 end
        redis.call('HSET', k, 'leasedUntil', ARGV[5], 'updatedAt', ARGV[4])
        redis.call('ZADD', LEASED, ARGV[5], id)
        return 1
        """)

    /// ARGV: prefix, id, owner, now, cutoff, retention. Returns 1 when `owner` held the lease.
    static let complete = RedisScript(prelude + """
        local id, owner = ARGV[2], ARGV[3]
        local f = redis.call('HMGET', jobKey(id), 'status', 'owner', 'tenant', 'dedupe')
        if f[1] ~= 'leased' or f[2] ~= owner or not f[3] then return 0 end
        finish(id, f[3], 'leased', 'succeeded', ARGV[4], nil, f[4], ARGV[5], ARGV[6])
        return 1
        """)

    /// ARGV: prefix, id, owner, now, cutoff, retention, error message, retry time ('' = none).
    /// Returns 1 when `owner` held the lease.
    static let fail = RedisScript(prelude + """
        local id, owner, now, message, retryAt = ARGV[2], ARGV[3], ARGV[4], ARGV[7], ARGV[8]
        local k = jobKey(id)
        local f = redis.call('HMGET', k, 'status', 'owner', 'tenant', 'dedupe', 'attempts', 'maxAttempts')
        if f[1] ~= 'leased' or f[2] ~= owner or not f[3] then return 0 end
        if retryAt ~= '' and (tonumber(f[5]) or 0) < (tonumber(f[6]) or 1) then
          redis.call('HSET', k, 'status', 'queued', 'runAt', retryAt, 'lastError', message, 'updatedAt', now)
          redis.call('HDEL', k, 'owner', 'leasedUntil')
          redis.call('ZREM', LEASED, id)
          redis.call('ZADD', READY, retryAt, id)
          move(f[3], id, 'leased', 'queued')
        else
          finish(id, f[3], 'leased', 'dead', now, message, f[4], ARGV[5], ARGV[6])
        end
        return 1
        """)

    /// ARGV: prefix, tenant, index ('all' or a status), cursor flag ('1'/'0'), cursor, how many.
    /// Newest first (ids sort by creation); ids whose hash expired are dropped from the index on
    /// the way, and the scan is bounded so a page costs O(page) even after a mass expiry.
    static let list = RedisScript(prelude + """
        local index = indexKey(ARGV[2], ARGV[3])
        local bound = '+'
        if ARGV[4] == '1' then bound = '(' .. ARGV[5] end
        local want = tonumber(ARGV[6])
        local out, scanned = {}, 0
        while #out < want and scanned < 10 * want + 100 do
          local ids = redis.call('ZRANGE', index, bound, '-', 'BYLEX', 'REV', 'LIMIT', 0, want - #out)
          if #ids == 0 then break end
          for _, id in ipairs(ids) do
            local fields = redis.call('HGETALL', jobKey(id))
            if #fields == 0 then redis.call('ZREM', index, id) else out[#out + 1] = fields end
            bound = '(' .. id
          end
          scanned = scanned + #ids
        end
        return out
        """)
}

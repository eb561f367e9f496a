import Testing

/// The Redis mode (`SPYGLASS_REDIS_URL` beside PostgreSQL) under faults, driven from the outside:
/// Redis going down under load (RedisRestartTests), a scheduler leader killed
/// (RedisSchedulerFailoverTests), two API processes sharing live events and quotas
/// (RedisFleetTests). One scenario at a time: each runs several processes on a small machine.
@Suite("End to end: Redis faults", .enabled(if: E2EBackend.redisConfigured), .serialized)
struct RedisFaultTests {}

/// Names of the queue's keys. All of them carry the prefix as a hash tag (`{spyglass}:…`), so
/// they live in one slot and a script may touch any of them, even on Redis Cluster. The Lua
/// prelude in `RedisJobScripts` derives the per-job and per-tenant names the same way.
struct RedisJobKeys: Sendable {
    /// `{prefix}:`, passed to every script as `ARGV[1]`.
    let prefix: String
    /// Not a key: channels are not slotted.
    let wakeupChannel: String

    init(keyPrefix: String) {
        prefix = "{\(keyPrefix)}:"
        wakeupChannel = "\(keyPrefix):jobs:wakeup"
    }

    /// Queued jobs, scored by run time: due when the score is at most now.
    var ready: String { prefix + "ready" }
    /// Leased jobs, scored by lease deadline: expired when the score is at most now.
    var leased: String { prefix + "leased" }
    /// Finished jobs by status, scored by finish time (the dead set is the dead-letter list).
    func finished(_ status: String) -> String { prefix + status }
    func job(_ id: String) -> String { prefix + "job:" + id }

    /// The fixed keys every script declares.
    var scriptKeys: [String] { [ready, leased] }
}

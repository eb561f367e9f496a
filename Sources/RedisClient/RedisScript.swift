import Crypto
import RESP

/// A Lua script, identified on the server by the SHA-1 of its source (as `SCRIPT LOAD` reports).
public struct RedisScript: Sendable, Hashable {
    public let source: String
    /// Lower-case hex, the form EVALSHA expects.
    public let sha1: String

    public init(_ source: String) {
        self.source = source
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8))
            .map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }
            .joined()
    }
}

extension RedisClient {
    /// EVALSHA; when the server does not have the script cached (after a restart or SCRIPT FLUSH)
    /// it answers NOSCRIPT and the script is sent once with EVAL, which also caches it.
    public func evaluate(
        _ script: RedisScript, keys: [String], arguments: [String], timeout: Duration? = nil
    ) async throws(RedisError) -> RESPValue {
        let tail = [String(keys.count)] + keys + arguments
        do throws(RedisError) {
            return try await send(RESPCommand("EVALSHA", arguments: [script.sha1] + tail), timeout: timeout)
        } catch where error.isNoScript {
            return try await send(RESPCommand("EVAL", arguments: [script.source] + tail), timeout: timeout)
        }
    }
}

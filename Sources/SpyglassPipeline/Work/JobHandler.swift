import SpyglassDomain

/// Does the work of one kind of job. Throwing `JobFailure` decides whether the
/// queue retries; any other error is treated as transient.
public protocol JobHandler: Sendable {
    func handle(_ job: Job) async throws
}

public struct JobFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// False for failures another attempt would only repeat.
    public var retryable: Bool

    public init(_ message: String, retryable: Bool) {
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }
}

import NIOCore

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        // Clamped so that absurd configured durations cannot overflow.
        let limit = Int64.max / 1_000_000_000 - 1
        self = .nanoseconds(max(min(seconds, limit), -limit) * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

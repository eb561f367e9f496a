/// The deliveries of one consumer, in order. Acknowledge each (`ack()`, `nack(requeue:)`,
/// `reject(requeue:)`). Iteration ends normally when the client cancelled the consumer or closed
/// its channel, and throws when the broker or the connection ended it (`.consumerCancelled`,
/// `.channelClosed`, `.connectionLost` …). Dropping the iteration cancels the consumer.
public struct AMQPConsumer: AsyncSequence, Sendable {
    public typealias Element = AMQPDelivery

    /// The tag the broker knows the consumer by.
    public let consumerTag: String
    private let stream: AsyncThrowingStream<AMQPDelivery, any Error>

    init(consumerTag: String, stream: AsyncThrowingStream<AMQPDelivery, any Error>) {
        self.consumerTag = consumerTag
        self.stream = stream
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<AMQPDelivery, any Error>.AsyncIterator

        public mutating func next() async throws -> AMQPDelivery? {
            try await base.next()
        }
    }
}

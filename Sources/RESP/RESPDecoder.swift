import NIOCore

/// Incremental, bounded RESP3 (and RESP2) decoder for one byte stream.
///
/// Feed it the stream's buffer each time more bytes arrive. It remembers how far it got into a
/// value that has not fully arrived (the elements of open aggregates already decoded), so a large
/// reply arriving in many reads is parsed once, not again from its start on every read. That memory
/// assumes the caller passes the same stream again, grown at the end, as NIO's decoders do.
public struct RESPDecoder: Sendable {
    /// An aggregate whose elements are still arriving.
    private struct OpenAggregate: Sendable {
        var kind: RESPAggregateKind
        var remaining: Int
        var elements: [RESPValue]
    }

    /// The limits in force (negative limits read as zero).
    public let limits: RESPLimits
    /// Bytes past the reader index that are already decoded into `open`.
    private var decodedOffset = 0
    /// Open aggregates, outermost first; its length is the current nesting depth.
    private var open: [OpenAggregate] = []

    public init(limits: RESPLimits = RESPLimits()) {
        self.limits = limits.clamped
    }

    /// One complete value from the front of `buffer`, or nil when more bytes are needed (the reader
    /// index is then left untouched). Throws on malformed input; the stream is then unusable.
    public mutating func decode(_ buffer: inout ByteBuffer) throws(RESPError) -> RESPValue? {
        // A buffer shorter than what we already decoded cannot be the stream we were reading.
        if decodedOffset > buffer.readableBytes { reset() }
        do throws(RESPError) {
            guard let value = try resume(buffer) else { return nil }
            buffer.moveReaderIndex(forwardBy: decodedOffset)
            reset()
            return value
        } catch {
            reset()
            throw error
        }
    }

    private mutating func reset() {
        decodedOffset = 0
        open = []
    }

    /// Reads items until a top-level value completes (returned) or the bytes run out (nil).
    private mutating func resume(_ buffer: ByteBuffer) throws(RESPError) -> RESPValue? {
        var reader = RESPItemReader(buffer: buffer, offset: decodedOffset, limits: limits)
        while let item = try reader.readItem() {
            decodedOffset = reader.offset
            switch item {
            case .value(let value):
                if let complete = absorb(value) { return complete }
            case .aggregate(let kind, let elements):
                // Checked before the aggregate opens, so nesting can never exceed the limit.
                guard open.count < limits.maxDepth else {
                    throw RESPError(.tooDeep, "aggregates nested deeper than \(limits.maxDepth)")
                }
                if elements == 0 {
                    if let complete = absorb(Self.close(kind, elements: [])) { return complete }
                } else {
                    // Capacity follows arriving elements, not the announced count a peer could inflate.
                    open.append(OpenAggregate(kind: kind, remaining: elements, elements: []))
                }
            }
        }
        return nil
    }

    /// Adds a finished value to the innermost open aggregate, closing every aggregate it completes.
    /// Returns the top-level value once nothing is left open.
    private mutating func absorb(_ value: RESPValue) -> RESPValue? {
        var finished = value
        while !open.isEmpty {
            let innermost = open.count - 1
            open[innermost].elements.append(finished)
            open[innermost].remaining -= 1
            guard open[innermost].remaining == 0 else { return nil }
            let aggregate = open.removeLast()
            finished = Self.close(aggregate.kind, elements: aggregate.elements)
        }
        return finished
    }

    private static func close(_ kind: RESPAggregateKind, elements: [RESPValue]) -> RESPValue {
        switch kind {
        case .array: return .array(elements)
        case .set: return .set(elements)
        case .push: return .push(elements)
        case .map: return .map(pairs(elements[...]))
        case .attribute:
            guard let annotated = elements.last else { return .attributed([], .null) }
            return .attributed(pairs(elements.dropLast()), annotated)
        }
    }

    private static func pairs(_ elements: ArraySlice<RESPValue>) -> [RESPPair] {
        stride(from: elements.startIndex, to: elements.endIndex - 1, by: 2).map {
            RESPPair(key: elements[$0], value: elements[$0 + 1])
        }
    }
}

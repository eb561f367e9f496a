/// A first-in first-out queue: an array plus a head index, compacted once the consumed prefix
/// outgrows the live part, so both ends are amortised O(1). (swift-collections' `Deque` is not a
/// dependency of this package.)
public struct FIFO<Element> {
    private var storage: [Element] = []
    private var head = 0

    public init() {}

    public var isEmpty: Bool { head == storage.count }
    public var count: Int { storage.count - head }
    public var first: Element? { isEmpty ? nil : storage[head] }
    /// The queued elements, oldest first.
    public var elements: ArraySlice<Element> { storage[head...] }

    public mutating func append(_ element: Element) {
        storage.append(element)
    }

    public mutating func popFirst() -> Element? {
        guard !isEmpty else { return nil }
        let element = storage[head]
        head += 1
        compactIfWorthwhile()
        return element
    }

    /// Mutates the first element in place (no copy of a large payload), nil when empty.
    public mutating func withFirst<Result>(_ body: (inout Element) -> Result) -> Result? {
        guard !isEmpty else { return nil }
        return body(&storage[head])
    }

    public func contains(where predicate: (Element) -> Bool) -> Bool {
        storage[head...].contains(where: predicate)
    }

    /// Removes the first element matching `predicate`, keeping the order of the others.
    public mutating func removeFirst(where predicate: (Element) -> Bool) -> Element? {
        guard let index = storage[head...].firstIndex(where: predicate) else { return nil }
        return storage.remove(at: index)
    }

    /// Empties the queue, returning the elements in order.
    public mutating func removeAll() -> [Element] {
        let elements = Array(storage[head...])
        storage = []
        head = 0
        return elements
    }

    private mutating func compactIfWorthwhile() {
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }
}

extension FIFO: Sendable where Element: Sendable {}

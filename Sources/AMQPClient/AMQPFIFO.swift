/// A first-in first-out queue: an array plus a head index, compacted once the consumed prefix
/// outgrows the live part, so both ends are amortised O(1). (swift-collections' `Deque` is not a
/// dependency of this package.)
struct AMQPFIFO<Element> {
    private var storage: [Element] = []
    private var head = 0

    init() {}

    var isEmpty: Bool { head == storage.count }
    var count: Int { storage.count - head }
    var first: Element? { isEmpty ? nil : storage[head] }

    mutating func append(_ element: Element) {
        storage.append(element)
    }

    mutating func popFirst() -> Element? {
        guard !isEmpty else { return nil }
        let element = storage[head]
        head += 1
        compactIfWorthwhile()
        return element
    }

    /// Removes the first element matching `predicate`, keeping the order of the others.
    mutating func removeFirst(where predicate: (Element) -> Bool) -> Element? {
        guard let index = storage[head...].firstIndex(where: predicate) else { return nil }
        return storage.remove(at: index)
    }

    /// Empties the queue, returning the elements in order.
    mutating func removeAll() -> [Element] {
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

extension AMQPFIFO: Sendable where Element: Sendable {}

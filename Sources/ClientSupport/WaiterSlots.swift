/// Callers waiting inside an actor for a value someone else provides, by id. A value may arrive
/// before the waiting task has parked its continuation, so a slot holds either.
/// Used with `withDeadline`: the waiting child calls `take` then `park`; the deadline fulfils
/// the slot with a failure if it is still waiting.
public struct WaiterSlots<Value: Sendable> {
    private enum Slot {
        case waiting(CheckedContinuation<Value, Never>?)
        case fulfilled(Value)
    }

    private var slots: [UInt64: Slot] = [:]

    public init() {}

    public mutating func add(_ id: UInt64) {
        slots[id] = .waiting(nil)
    }

    /// True while nobody has fulfilled the slot.
    public func isWaiting(_ id: UInt64) -> Bool {
        if case .waiting = slots[id] { return true }
        return false
    }

    /// The ids still waiting, oldest (smallest) first, so whoever wakes them all does it fairly.
    public var waitingIDs: [UInt64] {
        slots.compactMap { id, slot in
            if case .waiting = slot { return id }
            return nil
        }.sorted()
    }

    /// The value, if it already arrived (the slot is then removed).
    public mutating func take(_ id: UInt64) -> Value? {
        guard case .fulfilled(let value) = slots[id] else { return nil }
        slots[id] = nil
        return value
    }

    /// Stores the continuation to resume later; resumes it at once with `fallback` when the slot
    /// is unknown or already has a continuation, so no caller can hang on a bookkeeping mistake.
    public mutating func park(_ id: UInt64, _ continuation: CheckedContinuation<Value, Never>, fallback: Value) {
        guard case .waiting(nil) = slots[id] else {
            continuation.resume(returning: fallback)
            return
        }
        slots[id] = .waiting(continuation)
    }

    /// Delivers `value`; false when the slot is unknown or was already fulfilled.
    @discardableResult
    public mutating func fulfill(_ id: UInt64, _ value: Value) -> Bool {
        switch slots[id] {
        case .waiting(let continuation?):
            slots[id] = nil
            continuation.resume(returning: value)
            return true
        case .waiting(nil):
            slots[id] = .fulfilled(value)
            return true
        case .fulfilled, nil:
            return false
        }
    }
}

extension WaiterSlots: Sendable {}

/// Callers waiting inside an actor for a value someone else provides, by id. A value may arrive
/// before the waiting task has parked its continuation, so a slot holds either.
/// Used with `withDeadline`: the waiting child calls `take` then `park`; the deadline fulfils
/// the slot with a failure if it is still waiting.
struct AMQPWaiterSlots<Value: Sendable> {
    private enum Slot {
        case waiting(CheckedContinuation<Value, Never>?)
        case fulfilled(Value)
    }

    private var slots: [UInt64: Slot] = [:]

    mutating func add(_ id: UInt64) {
        slots[id] = .waiting(nil)
    }

    func isWaiting(_ id: UInt64) -> Bool {
        if case .waiting = slots[id] { return true }
        return false
    }

    var waitingIDs: [UInt64] {
        slots.compactMap { id, slot in
            if case .waiting = slot { return id }
            return nil
        }.sorted()
    }

    /// The value, if it already arrived (the slot is then removed).
    mutating func take(_ id: UInt64) -> Value? {
        guard case .fulfilled(let value) = slots[id] else { return nil }
        slots[id] = nil
        return value
    }

    /// Stores the continuation to resume later; resumes it at once with `fallback` when the slot
    /// is unknown or already has a continuation, so no caller can hang on a bookkeeping mistake.
    mutating func park(_ id: UInt64, _ continuation: CheckedContinuation<Value, Never>, fallback: Value) {
        guard case .waiting(nil) = slots[id] else {
            continuation.resume(returning: fallback)
            return
        }
        slots[id] = .waiting(continuation)
    }

    /// Delivers `value`; false when the slot is unknown or was already fulfilled.
    @discardableResult
    mutating func fulfill(_ id: UInt64, _ value: Value) -> Bool {
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

/// Waits for `wait()` but no longer than `timeout`: when the timer (or the caller's cancellation)
/// comes first, `expire(cancelled)` is called and must make `wait()` return soon. Its result is
/// always the answer, so a value that arrives just as time runs out is never lost. Structured:
/// two child tasks. Nil only if `wait()` never returned, which a correct `expire` rules out.
func withDeadline<Value: Sendable>(
    _ timeout: Duration,
    wait: @escaping @Sendable () async -> Value,
    expire: @escaping @Sendable (_ cancelled: Bool) async -> Void
) async -> Value? {
    await withTaskGroup(of: Value?.self) { group in
        group.addTask { await wait() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        var value: Value?
        while let next = await group.next() {
            if let next {
                value = next
                group.cancelAll()
            } else if value == nil {
                await expire(Task.isCancelled)
            }
        }
        return value
    }
}

import AMQPWire

/// The exchanges, queues and bindings declared through `AMQPClient`, in declaration order, so a
/// new connection can declare them again (a broker restart loses transient ones, and a cluster
/// node may not have them). Declaring the same name again replaces the entry in place.
/// Passive declares (checks) and server-named queues are not recorded: the broker names those
/// anew on every connection, and a name it generated cannot be declared by a client.
struct AMQPTopology: Sendable, Equatable {
    enum Record: Sendable, Equatable {
        case exchange(Exchange.Declare)
        case queue(Queue.Declare)
        case binding(Queue.Bind)
    }

    private(set) var records: [Record] = []

    /// Whether `record` is something a new connection should declare again.
    static func isRecordable(_ record: Record) -> Bool {
        switch record {
        case .exchange(let declare): !declare.passive
        case .queue(let declare): !declare.passive && !declare.queue.isEmpty
        case .binding(let bind): !bind.queue.isEmpty
        }
    }

    /// Records `record`; returns what it replaced (to put back should the declare fail), and
    /// whether it was new.
    @discardableResult
    mutating func record(_ record: Record) -> (replaced: Record?, isNew: Bool) {
        guard Self.isRecordable(record) else { return (nil, false) }
        let record = record.normalized
        let index: Int?
        switch record {
        case .exchange(let declare): index = records.firstIndex { $0.exchangeName == declare.exchange }
        case .queue(let declare): index = records.firstIndex { $0.queueName == declare.queue }
        case .binding: index = records.firstIndex(of: record)
        }
        guard let index else {
            records.append(record)
            return (nil, true)
        }
        let replaced = records[index]
        records[index] = record
        return (replaced, false)
    }

    /// Undoes `record(record)` after its declare failed: the earlier entry comes back, or the new
    /// one goes.
    mutating func undo(_ record: Record, replaced: Record?, isNew: Bool) {
        if let replaced {
            self.record(replaced)
        } else if isNew {
            let record = record.normalized
            records.removeAll { $0 == record }
        }
    }

    mutating func unbind(_ unbind: Queue.Unbind) {
        records.removeAll { record in
            guard case .binding(let bind) = record else { return false }
            return bind.queue == unbind.queue && bind.exchange == unbind.exchange
                && bind.routingKey == unbind.routingKey && bind.arguments == unbind.arguments
        }
    }

    /// A deleted queue takes its bindings with it.
    mutating func queueDeleted(_ name: String) {
        records.removeAll { record in
            switch record {
            case .queue(let declare): declare.queue == name
            case .binding(let bind): bind.queue == name
            case .exchange: false
            }
        }
    }

    /// A deleted exchange takes the bindings from it with it.
    mutating func exchangeDeleted(_ name: String) {
        records.removeAll { record in
            switch record {
            case .exchange(let declare): declare.exchange == name
            case .binding(let bind): bind.exchange == name
            case .queue: false
            }
        }
    }
}

extension AMQPTopology.Record {
    /// `noWait` is not part of what is declared (re-declaring always waits for the answer).
    fileprivate var normalized: Self {
        switch self {
        case .exchange(var declare):
            declare.noWait = false
            return .exchange(declare)
        case .queue(var declare):
            declare.noWait = false
            return .queue(declare)
        case .binding(var bind):
            bind.noWait = false
            return .binding(bind)
        }
    }

    fileprivate var exchangeName: String? {
        if case .exchange(let declare) = self { return declare.exchange }
        return nil
    }

    fileprivate var queueName: String? {
        if case .queue(let declare) = self { return declare.queue }
        return nil
    }

    /// Declares this on `channel`.
    func apply(on channel: AMQPChannel) async throws {
        switch self {
        case .exchange(let declare): try await channel.declareExchange(declare)
        case .queue(let declare): _ = try await channel.declareQueue(declare)
        case .binding(let bind): try await channel.bindQueue(bind)
        }
    }
}

import AMQPWire
import NIOCore
import Testing

@Suite("Bit packing")
struct BitPackingTests {
    private static let queueDeclarePrefix: [UInt8] = [0, 50, 0, 10, 0, 0] + Wire.shortString("q")

    @Test("queue.declare packs its five flags into one octet, passive first in the lowest bit")
    func queueDeclareBytes() throws {
        let declare = Queue.Declare(
            queue: "q", passive: false, durable: true, exclusive: false, autoDelete: true, noWait: false)
        #expect(try methodPayload(.queueDeclare(declare)) == Self.queueDeclarePrefix + [0b0_1010, 0, 0, 0, 0])
    }

    @Test(
        "each queue.declare flag sets its own bit",
        arguments: [
            (Queue.Declare(queue: "q", durable: false), UInt8(0)),
            (Queue.Declare(queue: "q", passive: true, durable: false), 1 << 0),
            (Queue.Declare(queue: "q", durable: true), 1 << 1),
            (Queue.Declare(queue: "q", durable: false, exclusive: true), 1 << 2),
            (Queue.Declare(queue: "q", durable: false, autoDelete: true), 1 << 3),
            (Queue.Declare(queue: "q", durable: false, noWait: true), 1 << 4),
            (Queue.Declare(queue: "q", passive: true, durable: true, exclusive: true, autoDelete: true, noWait: true), 0x1F),
        ] as [(Queue.Declare, UInt8)])
    func queueDeclareFlag(declare: Queue.Declare, octet: UInt8) throws {
        let payload = try methodPayload(.queueDeclare(declare))
        #expect(payload == Self.queueDeclarePrefix + [octet, 0, 0, 0, 0])
        var input = buffer(payload)
        #expect(try AMQPMethod.decode(from: &input) == .queueDeclare(declare))
    }

    @Test("a bit between other fields takes a whole octet (basic.deliver's redelivered)")
    func bitBetweenFields() throws {
        let deliver = Basic.Deliver(consumerTag: "c", deliveryTag: 1, redelivered: true, exchange: "e", routingKey: "r")
        let expected: [UInt8] =
            [0, 60, 0, 60] + Wire.shortString("c") + [0, 0, 0, 0, 0, 0, 0, 1] + [1] + Wire.shortString("e")
            + Wire.shortString("r")
        #expect(try methodPayload(.basicDeliver(deliver)) == expected)
    }

    @Test("basic.nack packs multiple and requeue together")
    func nackBits() throws {
        #expect(
            try methodPayload(.basicNack(deliveryTag: 5, multiple: false, requeue: true))
                == [0, 60, 0, 120, 0, 0, 0, 0, 0, 0, 0, 5, 0b10])
    }

    @Test("exchange.declare packs passive, durable, auto-delete, internal, no-wait")
    func exchangeDeclareBits() throws {
        let declare = Exchange.Declare(
            exchange: "x", type: "direct", passive: false, durable: true, autoDelete: false, internal: true, noWait: false)
        let expected: [UInt8] =
            [0, 40, 0, 10, 0, 0] + Wire.shortString("x") + Wire.shortString("direct") + [0b0_1010, 0, 0, 0, 0]
        #expect(try methodPayload(.exchangeDeclare(declare)) == expected)
    }
}

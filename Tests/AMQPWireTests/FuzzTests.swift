import AMQPWire
import NIOCore
import Testing

@Suite("Fuzzing")
struct FuzzTests {
    private enum Outcome { case incomplete, frame, wireError }

    /// Runs the decoder over `bytes` until it wants more or throws; any error other than AMQPWireError fails.
    private static func run(_ bytes: [UInt8], maxFrameSize: UInt32 = 4096) -> Outcome {
        var decoder = AMQPFrameDecoder(maxFrameSize: maxFrameSize)
        var input = ByteBuffer(bytes: bytes)
        var decodedAny = false
        do {
            while try decoder.decode(&input) != nil { decodedAny = true }
            return decodedAny ? .frame : .incomplete
        } catch is AMQPWireError {
            return .wireError
        } catch {
            Issue.record("unexpected error type: \(error)")
            return .wireError
        }
    }

    @Test("random bytes never crash the frame decoder")
    func randomBytes() {
        var generator = SeededGenerator(seed: 0x5EED_0001)
        var outcomes: [Outcome: Int] = [:]
        for _ in 0..<3000 {
            let count = Int.random(in: 0...64, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Steer some inputs toward plausible headers so the payload parsers are reached too.
            if count >= 8, Bool.random(using: &generator) {
                bytes[0] = [1, 2, 3, 8].randomElement(using: &generator) ?? 1
                bytes[3] = 0
                bytes[4] = 0
                bytes[5] = 0
                bytes[6] = UInt8(count - 8)
                bytes[count - 1] = 0xCE
            }
            outcomes[Self.run(bytes), default: 0] += 1
        }
        #expect(outcomes[.wireError, default: 0] > 0)
        #expect(outcomes[.incomplete, default: 0] > 0)
    }

    @Test("mutated valid frames never crash the decoder")
    func mutatedFrames() throws {
        var generator = SeededGenerator(seed: 0x5EED_0002)
        let originals = try Samples.everyMethod.map { try encoded(.method(channel: 1, $0)) }
            + [try encoded(.header(channel: 1, AMQPContentHeader(bodySize: 3, properties: Samples.allProperties)))]
        var outcomes: [Outcome: Int] = [:]
        for _ in 0..<20 {
            for original in originals {
                var bytes = original
                let mutations = Int.random(in: 1...4, using: &generator)
                for _ in 0..<mutations {
                    // Leave the frame header and end alone half the time so the payload parsers see the mutation.
                    let lower = Bool.random(using: &generator) ? 7 : 0
                    let upper = Bool.random(using: &generator) ? bytes.count - 2 : bytes.count - 1
                    guard lower <= upper else { continue }
                    bytes[Int.random(in: lower...upper, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                outcomes[Self.run(bytes, maxFrameSize: 131_072), default: 0] += 1
            }
        }
        #expect(outcomes[.frame, default: 0] > 0)
        #expect(outcomes[.wireError, default: 0] > 0)
    }

    @Test("random payloads after a valid class and method id never crash method decoding")
    func randomMethodPayloads() {
        var generator = SeededGenerator(seed: 0x5EED_0003)
        let ids = Samples.everyMethod.map { Wire.u16($0.classID) + Wire.u16($0.methodID) }
        for _ in 0..<4000 {
            let count = Int.random(in: 0...40, using: &generator)
            let tail = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var payload = ByteBuffer(bytes: (ids.randomElement(using: &generator) ?? []) + tail)
            do {
                _ = try AMQPMethod.decode(from: &payload)
            } catch {
                #expect(error is AMQPWireError)
            }
        }
    }

    @Test("random field tables never crash table decoding")
    func randomTables() {
        var generator = SeededGenerator(seed: 0x5EED_0004)
        let tags = Array("tbBsuIilfdDSTFAVx".utf8)
        for _ in 0..<4000 {
            var contents: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                contents += [1, UInt8(ascii: "k"), tags.randomElement(using: &generator) ?? 0]
                contents += (0..<Int.random(in: 0...9, using: &generator)).map { _ in UInt8.random(in: 0...8, using: &generator) }
            }
            var input = ByteBuffer(bytes: Wire.table(contents))
            do {
                _ = try AMQPFieldTable.decode(from: &input, depth: 0)
            } catch {
                #expect(error is AMQPWireError)
            }
        }
    }
}

/// Maps each distinct line to a small integer so the diff compares Ints, not bytes.
///
/// Lines are equal when their UTF-8 bytes are equal (as in GNU diff). Swift's own `String ==`
/// uses canonical equivalence, which would hide a change from "é" (U+00E9) to "e\u{301}".
/// A hash table with linear probing, at most half full; each slot keeps the line's full hash, so
/// bytes are compared only when 64 hash bits match. Codes are `0..<count` in order of first
/// appearance.
///
/// Keeps pointers into the tables it has seen: use it only while their bytes are lent.
struct LineInterner {
    private struct Slot {
        var hash: UInt64
        /// -1 for an empty slot.
        var code: Int
    }

    private var slots: [Slot]
    private let mask: Int
    /// The first line seen with each code.
    private var representatives: [UnsafeRawBufferPointer] = []
    private let hasher = LineHasher.process

    /// - Parameter capacity: the total number of lines that will be interned.
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = Array(repeating: Slot(hash: 0, code: -1), count: size)
        mask = size - 1
        representatives.reserveCapacity(capacity)
    }

    /// Number of distinct lines seen so far.
    var count: Int { representatives.count }

    mutating func codes(for lines: LineTable) -> [Int] {
        var codes: [Int] = []
        codes.reserveCapacity(lines.count)
        for index in 0..<lines.count {
            codes.append(code(for: lines.line(index)))
        }
        return codes
    }

    private mutating func code(for line: UnsafeRawBufferPointer) -> Int {
        let hash = hasher.hash(line)
        var position = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[position]
            if slot.code < 0 {
                let code = representatives.count
                representatives.append(line)
                slots[position] = Slot(hash: hash, code: code)
                return code
            }
            if slot.hash == hash, Self.bytesEqual(representatives[slot.code], line) {
                return slot.code
            }
            position = (position + 1) & mask
        }
    }

    private static func bytesEqual(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        let count = left.count
        guard count == right.count else { return false }
        guard count >= 8 else {
            return left.elementsEqual(right)
        }
        // Whole words, the last one overlapping the previous where the length is not a multiple
        // of eight.
        var offset = 0
        while true {
            guard left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                == right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            if offset == count - 8 { return true }
            offset = min(offset + 8, count - 8)
        }
    }
}

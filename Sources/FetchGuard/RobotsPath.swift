/// A normalised path prepared for wildcard matching: positions are bits
/// 0…count in words of 64, and for each byte value the set of positions
/// just after an occurrence of it.
struct RobotsPath {
    let bytes: [UInt8]
    let positionsAfter: [UInt8: [UInt64]]
    private let wordCount: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let wordCount = bytes.count / 64 + 1
        var masks: [UInt8: [UInt64]] = [:]
        for (index, byte) in bytes.enumerated() {
            let position = index + 1
            masks[byte, default: Array(repeating: 0, count: wordCount)][position / 64] |= 1 << UInt64(position % 64)
        }
        self.positionsAfter = masks
        self.wordCount = wordCount
    }

    func emptySet() -> [UInt64] { Array(repeating: 0, count: wordCount) }

    func contains(_ set: [UInt64], _ position: Int) -> Bool {
        set[position / 64] & (1 << UInt64(position % 64)) != 0
    }

    /// `*`: every position from the lowest reachable one to the end.
    func fillFromLowest(_ set: inout [UInt64]) {
        guard let first = set.firstIndex(where: { $0 != 0 }) else { return }
        let lowestBit = set[first].trailingZeroBitCount
        set[first] |= ~0 << UInt64(lowestBit)
        for index in (first + 1)..<wordCount { set[index] = ~0 }
        clearBeyondEnd(&set)
    }

    /// A literal byte: advance every position by one where the path has it.
    func shiftAndMask(_ set: inout [UInt64], _ mask: [UInt64]) {
        var carry: UInt64 = 0
        for index in 0..<wordCount {
            let word = set[index]
            set[index] = ((word << 1) | carry) & mask[index]
            carry = word >> 63
        }
    }

    private func clearBeyondEnd(_ set: inout [UInt64]) {
        let lastBit = bytes.count % 64
        if lastBit < 63 { set[wordCount - 1] &= (1 << UInt64(lastBit + 1)) - 1 }
    }
}

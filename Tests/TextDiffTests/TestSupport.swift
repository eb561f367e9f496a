import TextDiff

/// SplitMix64: a tiny seeded generator so every random test is reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum ScriptCheck {
    /// Replays `edits` on `old`, or nil when the script is inconsistent: an index out of order,
    /// an old line skipped or reused, or an "equal" line that differs from the old one byte-wise.
    static func apply(_ edits: [Edit], to old: [String]) -> [String]? {
        var result: [String] = []
        var nextOld = 0
        for edit in edits {
            switch edit.kind {
            case .equal:
                guard edit.oldIndex == nextOld, edit.newIndex == result.count, nextOld < old.count,
                      Array(old[nextOld].utf8) == Array(edit.line.utf8)
                else { return nil }
                result.append(edit.line)
                nextOld += 1
            case .delete:
                guard edit.oldIndex == nextOld, edit.newIndex == nil, nextOld < old.count,
                      Array(old[nextOld].utf8) == Array(edit.line.utf8)
                else { return nil }
                nextOld += 1
            case .insert:
                guard edit.oldIndex == nil, edit.newIndex == result.count else { return nil }
                result.append(edit.line)
            }
        }
        return nextOld == old.count ? result : nil
    }

    /// True when `edits` turns `old` into exactly `new` (compared byte-wise).
    static func reproduces(_ edits: [Edit], old: [String], new: [String]) -> Bool {
        guard let replayed = apply(edits, to: old) else { return false }
        return replayed.map { Array($0.utf8) } == new.map { Array($0.utf8) }
    }

    static func cost(_ edits: [Edit]) -> Int {
        edits.filter { $0.kind != .equal }.count
    }

    /// Minimal insertions + deletions by the textbook O(NM) LCS table.
    static func referenceDistance(_ old: [String], _ new: [String]) -> Int {
        var previous = Array(repeating: 0, count: new.count + 1)
        for i in stride(from: 1, through: old.count, by: 1) {
            var current = Array(repeating: 0, count: new.count + 1)
            for j in stride(from: 1, through: new.count, by: 1) {
                current[j] = old[i - 1] == new[j - 1]
                    ? previous[j - 1] + 1
                    : max(previous[j], current[j - 1])
            }
            previous = current
        }
        let commonLength = previous[new.count]
        return old.count + new.count - 2 * commonLength
    }

    static func randomLines(count: Int, alphabet: Int, using generator: inout SeededGenerator) -> [String] {
        (0..<count).map { _ in "L\(Int.random(in: 0..<alphabet, using: &generator))" }
    }
}

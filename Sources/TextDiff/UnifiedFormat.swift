/// Renders an edit script in GNU unified format.
enum UnifiedFormat {
    static func render(edits: [Edit], oldName: String, newName: String, context: Int) -> String {
        let hunks = hunkRanges(edits: edits, context: context)
        guard !hunks.isEmpty else { return "" }

        // First pass: hunk headers and the exact output size, so the text is written once into
        // a buffer of the right size instead of growing through thousands of small appends.
        let fileHeader = "--- \(oldName)\n+++ \(newName)\n"
        var size = fileHeader.utf8.count
        var hunkHeaders: [String] = []
        hunkHeaders.reserveCapacity(hunks.count)
        // Lines of each side consumed by edits before `cursor`, i.e. 0-based line positions.
        var cursor = 0, oldPosition = 0, newPosition = 0
        for hunk in hunks {
            while cursor < hunk.lowerBound {
                advance(edits[cursor].kind, old: &oldPosition, new: &newPosition)
                cursor += 1
            }
            var oldCount = 0, newCount = 0
            for index in hunk {
                advance(edits[index].kind, old: &oldCount, new: &newCount)
                // The marker, the line and its "\n".
                size += edits[index].line.utf8.count + 2
            }
            let header = "@@ -\(range(start: oldPosition, count: oldCount)) +\(range(start: newPosition, count: newCount)) @@\n"
            size += header.utf8.count
            hunkHeaders.append(header)
        }

        return String(unsafeUninitializedCapacity: size) { buffer in
            var output = OutputBuffer(buffer: buffer)
            output.write(fileHeader)
            for (hunk, header) in zip(hunks, hunkHeaders) {
                output.write(header)
                for index in hunk {
                    switch edits[index].kind {
                    case .equal: output.write(UInt8(ascii: " "))
                    case .delete: output.write(UInt8(ascii: "-"))
                    case .insert: output.write(UInt8(ascii: "+"))
                    }
                    output.write(edits[index].line)
                    output.write(UInt8(ascii: "\n"))
                }
            }
            return output.count
        }
    }

    /// Appends bytes to a fixed buffer. Writes stop at its end, so a wrong size can shorten the
    /// output but never write out of bounds.
    private struct OutputBuffer {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        private(set) var count = 0

        init(buffer: UnsafeMutableBufferPointer<UInt8>) {
            self.buffer = buffer
        }

        mutating func write(_ byte: UInt8) {
            guard count < buffer.count else { return }
            buffer[count] = byte
            count += 1
        }

        mutating func write(_ text: String) {
            let (_, written) = UnsafeMutableBufferPointer(rebasing: buffer[count...]).initialize(from: text.utf8)
            count += written
        }
    }

    /// GNU's `print_unidiff_number_range`: a 1-based "start,count", the count omitted when it is
    /// 1; an empty range prints the line *before* it (0 at the top of the file) with ",0".
    private static func range(start: Int, count: Int) -> String {
        switch count {
        case 0: "\(start),0"
        case 1: "\(start + 1)"
        default: "\(start + 1),\(count)"
        }
    }

    private static func advance(_ kind: Edit.Kind, old: inout Int, new: inout Int) {
        switch kind {
        case .equal:
            old += 1
            new += 1
        case .delete:
            old += 1
        case .insert:
            new += 1
        }
    }

    /// Ranges of `edits` to print, each a run of changes with up to `context` equal lines around
    /// it. Changes separated by at most 2 · context equal lines share a hunk, as in GNU diff.
    private static func hunkRanges(edits: [Edit], context: Int) -> [Range<Int>] {
        var hunks: [Range<Int>] = []
        var index = 0
        while index < edits.count {
            guard edits[index].kind != .equal else {
                index += 1
                continue
            }
            // Everything within `context` before this change is equal: an earlier change that
            // close would have pulled this one into its hunk.
            let start = max(0, index - context)
            var changeEnd = index
            while true {
                while changeEnd < edits.count, edits[changeEnd].kind != .equal { changeEnd += 1 }
                var nextChange = changeEnd
                while nextChange < edits.count, edits[nextChange].kind == .equal { nextChange += 1 }
                guard nextChange < edits.count, nextChange - changeEnd <= 2 * context else { break }
                changeEnd = nextChange
            }
            let end = min(edits.count, changeEnd + context)
            hunks.append(start..<end)
            index = end
        }
        return hunks
    }
}

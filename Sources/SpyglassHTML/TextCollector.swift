/// Builds normalised lines from a stream of text and structure events:
/// whitespace runs (including no-break spaces) become one space, lines are
/// trimmed, empty lines are dropped, table cells on a row are joined by " | ".
/// Stops accepting text once `maxBytes` of output (UTF-8) are reached.
struct TextCollector {
    static let cellSeparator = " | "

    private(set) var lines: [String] = []
    private(set) var isFull = false
    private let maxBytes: Int
    private var line = ""
    private var usedBytes = 0
    private var pendingSpace = false
    private var pendingCellSeparator = false
    /// Inside a table cell, block boundaries become spaces so a row stays one line.
    private var cellDepth = 0

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// Appends text; in preformatted text a newline ends the line.
    mutating func append(_ text: String, preformatted: Bool = false) {
        for scalar in text.unicodeScalars {
            guard !isFull else { return }
            if scalar.properties.isWhitespace {
                if preformatted && (scalar == "\n" || scalar == "\r") && cellDepth == 0 {
                    endLine()
                } else {
                    pendingSpace = true
                }
                continue
            }
            // Control characters (NUL included) are not visible text.
            if scalar.properties.generalCategory == .control || scalar == "\u{FEFF}" { continue }
            var separator = ""
            if !line.isEmpty {
                separator = pendingCellSeparator ? Self.cellSeparator : pendingSpace ? " " : ""
            }
            let cost = separator.utf8.count + UTF8.width(scalar) + (line.isEmpty && !lines.isEmpty ? 1 : 0)
            guard usedBytes + cost <= maxBytes else {
                isFull = true
                return
            }
            usedBytes += cost
            line += separator
            line.unicodeScalars.append(scalar)
            pendingSpace = false
            pendingCellSeparator = false
        }
    }

    /// A block element starts or ends: a new line, or a space inside a table cell.
    mutating func blockBoundary() {
        if cellDepth > 0 {
            pendingSpace = true
        } else {
            endLine()
        }
    }

    mutating func startCell() {
        if !line.isEmpty { pendingCellSeparator = true }
        cellDepth += 1
    }

    mutating func endCell() {
        cellDepth = max(cellDepth - 1, 0)
        pendingSpace = true
    }

    /// Ends the current line.
    mutating func endLine() {
        if !line.isEmpty { lines.append(line) }
        line = ""
        pendingSpace = false
        pendingCellSeparator = false
    }

    /// The finished lines.
    mutating func finish() -> [String] {
        endLine()
        return lines
    }
}

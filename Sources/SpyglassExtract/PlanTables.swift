/// Comparison tables: plans as column headers, one or more price rows, and
/// feature rows with ✓ / ✗ / values. Also the simpler table with one plan
/// per row ("Basic | £9/month").
struct PlanTables {
    let text: PlanText

    private static let maxColumns = 20
    private static let maxRows = 500
    private static let maxValueLength = 60

    private struct Cell {
        var element: Int
        var lines: Range<Int>
    }

    func plans(skipping claimed: [Bool]) -> [DetectedPlan] {
        let index = text.index
        var result: [DetectedPlan] = []
        for (table, rowElements) in rowsByTable().sorted(by: { $0.key < $1.key }) {
            let item = index.elements[table]
            let lines = item.lineStart..<item.lineEnd
            guard text.prices.moneyCount(lines) + text.prices.slotCount(lines) >= 2, !lines.contains(where: { claimed[$0] }) else {
                continue
            }
            let rows = self.rows(rowElements)
            result += columnPlans(rows) ?? rowPlans(rows)
        }
        return result
    }

    /// The `tr` elements of each table, not those of tables nested in it.
    private func rowsByTable() -> [Int: [Int]] {
        let index = text.index
        var nearestTable = [Int?](repeating: nil, count: index.elements.count)
        var result: [Int: [Int]] = [:]
        for element in index.elements.indices {
            guard let parent = index.elements[element].parent else { continue }
            nearestTable[element] = index.elements[parent].name == "table" ? parent : nearestTable[parent]
            if index.elements[element].name == "tr", let table = nearestTable[element], result[table, default: []].count < Self.maxRows {
                result[table, default: []].append(element)
            }
        }
        return result
    }

    /// The rows' cells, repeated over their colspan.
    private func rows(_ rowElements: [Int]) -> [[Cell]] {
        let index = text.index
        var rows: [[Cell]] = []
        for row in rowElements {
            var cells: [Cell] = []
            for cell in index.elements[row].children where ["td", "th"].contains(index.elements[cell].name) {
                let span = min(max(Int(index.elements[cell].attribute("colspan") ?? "1") ?? 1, 1), Self.maxColumns)
                let item = index.elements[cell]
                cells += repeatElement(Cell(element: cell, lines: item.lineStart..<item.lineEnd), count: span)
                if cells.count >= Self.maxColumns { break }
            }
            if !cells.isEmpty { rows.append(cells) }
        }
        return rows
    }

    private func isPriced(_ cell: Cell) -> Bool {
        text.prices.moneyCount(cell.lines) + text.prices.slotCount(cell.lines) > 0
    }

    private func cellText(_ cell: Cell) -> String {
        text.index.lines[cell.lines].map(\.text).joined(separator: " ")
    }

    /// Plans as columns; nil when no row prices at least two columns.
    private func columnPlans(_ rows: [[Cell]]) -> [DetectedPlan]? {
        guard let header = rows.firstIndex(where: { $0.filter { !cellText($0).isEmpty }.count >= 2 }) else { return nil }
        let priceRows = rows.indices.filter { row in
            row >= header && rows[row].dropFirst().filter(isPriced).count >= 2
        }
        guard let firstPriceRow = priceRows.first else { return nil }
        let hasLabelColumn = cellText(rows[header][0]).isEmpty || !isPriced(rows[firstPriceRow][0])
        let columns = (hasLabelColumn ? 1 : 0)..<rows[header].count
        var plans: [DetectedPlan] = []
        var seen = Set<Int>()
        for column in columns where !seen.contains(rows[header][column].element) {
            seen.insert(rows[header][column].element)
            let headerCell = rows[header][column]
            guard let name = text.cleanName(lines: text.index.lines[headerCell.lines].map(\.text), fromHeading: true) else { continue }
            var planPrices: [PriceFact] = []
            for row in priceRows where column < rows[row].count {
                let label = hasLabelColumn && row != header ? cellText(rows[row][0]) : ""
                planPrices += prices(of: rows[row][column], rowLabel: label)
            }
            guard !planPrices.isEmpty else { continue }
            let features = rows.indices.filter { $0 != header && !priceRows.contains($0) }.compactMap { row in
                hasLabelColumn ? feature(rows[row], column: column) : nil
            }
            let first = rows[header][column].lines.lowerBound
            let last = rows.last?.last?.lines.upperBound ?? first
            plans.append(DetectedPlan(name: name, prices: planPrices, features: features, lines: first..<max(first, last)))
        }
        return plans.count >= 2 ? plans : nil
    }

    /// A cell's prices, with the row label's terms ("Billed annually",
    /// "Price per user / month") applied.
    private func prices(of cell: Cell, rowLabel: String) -> [PriceFact] {
        var cellPrices = text.prices.prices(in: cell.lines)
        if cellPrices.isEmpty, let slot = cell.lines.lazy.compactMap({ self.text.prices.slots[$0] }).first {
            return [PriceFact.slot(slot, text: cellText(cell))]
        }
        let terms = PriceQualifiers.read(Array(rowLabel.lowercased()))
        for position in cellPrices.indices {
            cellPrices[position].period = cellPrices[position].period ?? terms.period
            cellPrices[position].perUser = cellPrices[position].perUser || terms.perUser
            cellPrices[position].billedAnnually = cellPrices[position].billedAnnually || terms.billedAnnually
        }
        return cellPrices
    }

    /// "SSO" for ✓, nil for ✗, "Storage: 10 GB" for a value.
    private func feature(_ row: [Cell], column: Int) -> String? {
        guard row.count >= 2, column < row.count, row[0].element != row[column].element else { return nil }
        let label = TextTools.clip(cellText(row[0]), to: PlanText.maxFeatureLength)
        guard !label.isEmpty else { return nil }
        let signals = CellSignals(text.index.elements[row[column].element].node)
        switch signals.meaning {
        case .included: return label
        case .excluded: return nil
        case .unknown:
            guard let value = signals.value, value.count <= Self.maxValueLength else { return label }
            return "\(label): \(value)"
        }
    }

    /// One plan per row: a name cell and a cell with one or two prices.
    private func rowPlans(_ rows: [[Cell]]) -> [DetectedPlan] {
        var plans: [DetectedPlan] = []
        for row in rows where row.count >= 2 && !isPriced(row[0]) {
            let rest = row.dropFirst()
            let money = rest.reduce(0) { $0 + text.prices.moneyCount($1.lines) }
            guard (1...2).contains(money), let name = text.cleanName(lines: [cellText(row[0])]) else { continue }
            var seen = Set<Int>()
            let planPrices = rest.filter { seen.insert($0.element).inserted }.flatMap { text.prices.prices(in: $0.lines) }
            let lines = row[0].lines.lowerBound..<(row.last?.lines.upperBound ?? row[0].lines.upperBound)
            plans.append(DetectedPlan(name: name, prices: planPrices, features: [], lines: lines))
        }
        return plans.count >= 2 ? plans : []
    }
}

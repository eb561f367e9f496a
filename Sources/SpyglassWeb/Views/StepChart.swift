import Foundation

/// A line chart of values that hold until they change (a price, a job count),
/// drawn as SVG on the server: each series is a step line from its first
/// observation to `end`. Coordinates are computed here; the template only writes
/// them, with classes for styling (no inline style: the CSP forbids it).
struct StepChart: Sendable {
    struct Series: Sendable {
        var name: String
        var color: String
        /// SVG polyline points: "x,y x,y …".
        var points: String
        var dots: [Dot]
        var legendY: Int
    }

    struct Dot: Sendable {
        var x: String
        var y: String
        var label: String
    }

    struct Tick: Sendable {
        var position: String
        var label: String
        /// SVG text-anchor: the first and last date labels stay inside the picture.
        var anchor = "middle"
    }

    /// The chart's data as a table, for screen readers and anyone who wants the numbers.
    struct Row: Sendable {
        var series: String
        var date: String
        var value: String
    }

    struct Input: Sendable {
        var name: String
        var points: [(date: Date, value: Double)]
    }

    static let width = 640.0
    static let height = 240.0
    static let left = 56.0
    static let right = 16.0
    static let top = 16.0
    static let bottom = 32.0
    static let maximumSeries = 8
    /// Colours with at least 3:1 contrast on white (WCAG's figure for graphics).
    static let palette = ["#0b5cad", "#b42318", "#2f7d32", "#8a4baf", "#b35c00", "#00727a", "#6b5d00", "#a3195b"]

    var id: String
    var title: String
    var series: [Series]
    var xTicks: [Tick]
    var yTicks: [Tick]
    var rows: [Row]
    var empty: Bool
    var viewBox: String
    /// Where the plot's frame is, for the template.
    let plotLeft = Int(left)
    let plotRight = Int(width - right)
    let axisY = Int(height - bottom)
    let xLabelY = Int(height - bottom) + 18
    let yLabelX = Int(left) - 6
    let legendTextX = Int(left) + 18

    init(id: String, title: String, inputs: [Input], end: Date, format: (Double) -> String) {
        self.id = id
        self.title = title
        let kept = inputs.filter { !$0.points.isEmpty }
            .sorted { ($0.points.count, $1.name) > ($1.points.count, $0.name) }
            .prefix(Self.maximumSeries)
            .sorted { $0.name < $1.name }
        let all = kept.flatMap(\.points)
        empty = all.isEmpty
        viewBox = "0 0 \(Int(Self.width)) \(Int(Self.height) + kept.count * 18)"
        guard let first = all.map(\.date).min() else {
            series = []
            xTicks = []
            yTicks = []
            rows = []
            return
        }
        let start = first
        let finish = max(end, all.map(\.date).max() ?? end, start.addingTimeInterval(3_600))
        let top = Self.niceCeiling(max(all.map(\.value).max() ?? 1, 1))
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        func x(_ date: Date) -> Double {
            Self.left + plotWidth * date.timeIntervalSince(start) / finish.timeIntervalSince(start)
        }
        func y(_ value: Double) -> Double {
            Self.top + plotHeight * (1 - min(max(value, 0), top) / top)
        }
        func text(_ number: Double) -> String { String(format: "%.1f", number) }

        var series: [Series] = []
        var rows: [Row] = []
        for (index, input) in kept.enumerated() {
            // A value that did not change is not a new point: the line holds until it does.
            var points: [(date: Date, value: Double)] = []
            for point in input.points.sorted(by: { $0.date < $1.date }) where point.value != points.last?.value {
                points.append(point)
            }
            var path: [String] = []
            var previous: Double?
            var dots: [Dot] = []
            for point in points {
                if let previous { path.append("\(text(x(point.date))),\(text(y(previous)))") }
                path.append("\(text(x(point.date))),\(text(y(point.value)))")
                previous = point.value
                let label = "\(input.name): \(format(point.value)) on \(TimeText.display(point.date))"
                dots.append(Dot(x: text(x(point.date)), y: text(y(point.value)), label: label))
                rows.append(Row(series: input.name, date: TimeText.display(point.date), value: format(point.value)))
            }
            if let previous { path.append("\(text(x(finish))),\(text(y(previous)))") }
            series.append(Series(
                name: input.name, color: Self.palette[index % Self.palette.count], points: path.joined(separator: " "),
                dots: dots, legendY: Int(Self.height) + index * 18 + 4))
        }
        self.series = series
        self.rows = rows
        yTicks = (0...4).map { step in
            let value = top * Double(step) / 4
            return Tick(position: text(y(value)), label: format(value))
        }
        // Dates for spans of days; month, day and time for shorter ones.
        let short = finish.timeIntervalSince(start) < 2 * 86_400
        xTicks = (0...3).map { step in
            let date = start.addingTimeInterval(finish.timeIntervalSince(start) * Double(step) / 3)
            let display = TimeText.display(date)
            let label = short ? String(display.dropFirst(5).dropLast(4)) : String(display.prefix(10))
            return Tick(position: text(x(date)), label: label, anchor: step == 0 ? "start" : step == 3 ? "end" : "middle")
        }
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at or above `value`: round numbers on the axis.
    static func niceCeiling(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * magnitude >= value {
            return step * magnitude
        }
        return 10 * magnitude
    }
}

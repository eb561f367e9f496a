import SpyglassDomain

/// Latencies of repeated calls, for percentiles (nearest-rank on the sorted samples).
struct LatencySamples {
    private var micros: [Double] = []

    mutating func record(_ duration: Duration) {
        micros.append(duration.seconds * 1e6)
    }

    /// `fraction` in 0...1; 0 when there are no samples.
    func percentile(_ fraction: Double) -> Double {
        let sorted = micros.sorted()
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

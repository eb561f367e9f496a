import SpyglassHTML

/// Normalises an HTML string (UTF-8) with the default limits unless given.
func normalized(
    _ html: String, selector: String? = nil, charset: String? = nil, limits: HTMLNormalizer.Limits = .default
) throws(HTMLError) -> NormalizedText {
    try HTMLNormalizer(limits: limits).normalize(html: Array(html.utf8), selector: selector, charset: charset)
}

func lines(_ html: String, selector: String? = nil) throws(HTMLError) -> [String] {
    try normalized(html, selector: selector).lines
}

func feed(_ xml: String, limits: HTMLNormalizer.Limits = .default) throws(HTMLError) -> NormalizedText {
    try FeedText(limits: limits).normalize(xml: Array(xml.utf8))
}

/// A small deterministic generator, so "random" hostile bytes are the same every run.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}

/// FNV-1a, 64 bit. Unlike `Hasher` it is the same in every process, so hashes can be stored in a
/// `VersionHistory` and compared later.
struct StableHash {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func combine(_ text: String) {
        for byte in text.utf8 {
            combine(byte: byte)
        }
    }

    /// 0xFF never occurs in UTF-8, so it separates lines unambiguously.
    mutating func combineSeparator() {
        combine(byte: 0xFF)
    }

    private mutating func combine(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    static func of(_ text: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(text)
        return hash.value
    }
}

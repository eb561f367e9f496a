#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts page bytes to UTF-8 with iconv, replacing every invalid sequence
/// by U+FFFD, so that a broken byte costs one character, never the rest of
/// the page (libxml2's own conversion stops at the first bad byte).
enum Transcoder {
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Valid UTF-8 with invalid sequences replaced and a leading BOM removed.
    static func repairedUTF8(_ bytes: [UInt8]) -> [UInt8] {
        var result = Array(String(decoding: bytes, as: UTF8.self).utf8)
        if result.starts(with: [0xEF, 0xBB, 0xBF]) { result.removeFirst(3) }
        return result
    }

    /// nil when iconv does not know `charset`.
    static func utf8(from bytes: [UInt8], charset: String) -> [UInt8]? {
        if charset == CharsetDetection.utf8 { return repairedUTF8(bytes) }
        guard let converter = iconv_open("UTF-8", charset), converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }

        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 2)
        var chunk = [CChar](repeating: 0, count: 64 * 1024)
        var input = bytes.map { CChar(bitPattern: $0) }
        input.withUnsafeMutableBufferPointer { inputBuffer in
            guard let inputBase = inputBuffer.baseAddress else { return }
            var inputPointer: UnsafeMutablePointer<CChar>? = inputBase
            var inputLeft = inputBuffer.count
            while inputLeft > 0 {
                let (written, failure) = chunk.withUnsafeMutableBufferPointer { outputBuffer -> (Int, Int32?) in
                    var outputPointer = outputBuffer.baseAddress
                    var outputLeft = outputBuffer.count
                    let status = iconv(converter, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                    return (outputBuffer.count - outputLeft, status == -1 ? errno : nil)
                }
                output.append(contentsOf: chunk[0..<written].lazy.map { UInt8(bitPattern: $0) })
                switch failure {
                case nil, E2BIG?:
                    continue  // done, or the output chunk was full
                case EINVAL?:
                    // A sequence cut off by the end of the input.
                    output += replacement
                    inputLeft = 0
                default:
                    // EILSEQ: an invalid sequence; skip one byte and go on.
                    output += replacement
                    inputPointer = inputPointer.map { $0 + 1 }
                    inputLeft -= 1
                    _ = iconv(converter, nil, nil, nil, nil)  // reset shift state
                }
            }
        }
        if output.starts(with: [0xEF, 0xBB, 0xBF]) { output.removeFirst(3) }
        return output
    }
}

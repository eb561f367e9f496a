import CompressNIO
import NIOCore
import SpyglassPorts

/// Snapshot texts are stored deflated: page text compresses 4–10×.
enum ContentCompression {
    static func compress(_ text: String) throws -> ByteBuffer {
        var input = ByteBuffer(string: text)
        do {
            return try input.compress(with: .zlib())
        } catch {
            throw StorageError(.corrupt, "cannot compress snapshot: \(error)")
        }
    }

    static func decompress(_ buffer: ByteBuffer, expectedSize: Int) throws -> String {
        var input = buffer
        // +1 so that a stored size that is too small shows up as an error, not a truncation.
        var output = ByteBufferAllocator().buffer(capacity: max(expectedSize, 0) + 1)
        do {
            try input.decompress(to: &output, with: .zlib())
        } catch {
            throw StorageError(.corrupt, "snapshot content does not decompress: \(error)")
        }
        return String(buffer: output)
    }
}

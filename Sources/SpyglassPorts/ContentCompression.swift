import CompressNIO
import NIOCore

/// Snapshot text at rest, zlib-compressed (page text compresses 4–10×); every
/// storage adapter stores it the same way.
public enum ContentCompression {
    public static func compress(_ text: String) throws -> ByteBuffer {
        var input = ByteBuffer(string: text)
        do {
            return try input.compress(with: .zlib())
        } catch {
            throw StorageError(.corrupt, "cannot compress snapshot: \(error)")
        }
    }

    public static func decompress(_ buffer: ByteBuffer, expectedSize: Int) throws -> String {
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

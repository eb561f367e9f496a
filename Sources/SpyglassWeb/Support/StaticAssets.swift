import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The stylesheet and script, read from the bundle once and served from memory
/// under `/assets/`, cached for a year: their URLs carry a hash of the content
/// (`?v=…`), so a new release is a new URL.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        var bytes: ByteBuffer
        var contentType: String
        var version: String
    }

    let files: [String: Asset]

    static let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"]

    static func load() throws -> StaticAssets {
        guard let folder = Bundle.module.url(forResource: "Assets", withExtension: nil) else {
            throw WebSetupError("the dashboard's assets are missing from this build")
        }
        var files: [String: Asset] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let type = (name as NSString).pathExtension
            guard let contentType = types[type] else { continue }
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let version = SHA256.hash(data: data).prefix(6).map { String(format: "%02x", $0) }.joined()
            files[name] = Asset(bytes: ByteBuffer(bytes: data), contentType: contentType, version: version)
        }
        return StaticAssets(files: files)
    }

    func version(of name: String) -> String { files[name]?.version ?? "0" }

    func response(for name: String) -> Response? {
        guard let asset = files[name] else { return nil }
        var headers = HTTPFields()
        headers[.contentType] = asset.contentType
        headers[.cacheControl] = "public, max-age=31536000, immutable"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }
}

/// The dashboard cannot start (its templates or assets are missing or broken).
public struct WebSetupError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

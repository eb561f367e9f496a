import Foundation
import Hummingbird
import NIOCore

/// The fixture's behaviour, adjustable per test.
struct FixtureRoutes: Sendable {
    enum RobotsAnswer: Sendable {
        case notFound
        case text(String)
        case status(Int)
        case redirect(String)
    }

    var robots: RobotsAnswer = .notFound

    static let pageBody = "<html><body>hello</body></html>"
    static let gzipText = String(repeating: "Spyglass watches pages. ", count: 200)

    func install(on router: Router<BasicRequestContext>, log: RequestLog) {
        let robots = self.robots
        router.get("/robots.txt") { _, _ -> Response in
            switch robots {
            case .notFound: return Response(status: .notFound)
            case .text(let text): return Self.text(text)
            case .status(let code): return Response(status: .init(code: code))
            case .redirect(let location): return Self.redirect(to: location)
            }
        }
        router.get("/page") { _, _ -> Response in
            var response = Self.text(Self.pageBody, contentType: "text/html; charset=utf-8")
            response.headers[.eTag] = "\"v1\""
            response.headers[.lastModified] = "Wed, 21 Oct 2015 07:28:00 GMT"
            return response
        }
        router.get("/conditional") { request, _ -> Response in
            if request.headers[.ifNoneMatch] == "\"v1\""
                || request.headers[.ifModifiedSince] == "Wed, 21 Oct 2015 07:28:00 GMT" {
                return Response(status: .notModified)
            }
            var response = Self.text("fresh")
            response.headers[.eTag] = "\"v1\""
            return response
        }
        router.get("/redirect/{remaining}") { _, context -> Response in
            let remaining = context.parameters.get("remaining", as: Int.self) ?? 0
            if remaining <= 0 { return Self.text("end of the chain") }
            return Self.redirect(to: "/redirect/\(remaining - 1)")
        }
        router.get("/redirect-to") { request, _ -> Response in
            Self.redirect(to: request.uri.queryParameters.get("target") ?? "/")
        }
        router.get("/secret") { _, _ -> Response in Self.text("secret") }
        router.get("/private/page") { _, _ -> Response in Self.text("private") }
        router.get("/status/{code}") { _, context -> Response in
            Response(status: .init(code: context.parameters.get("code", as: Int.self) ?? 500))
        }
        router.get("/gzip") { request, _ -> Response in
            guard request.headers[.acceptEncoding]?.contains("gzip") == true else {
                return Response(status: .notAcceptable)
            }
            var response = Self.bytes(Gzip.stored(Array(Self.gzipText.utf8)))
            response.headers[.contentEncoding] = "gzip"
            return response
        }
        router.get("/big") { _, _ -> Response in Self.bytes(Array(repeating: 0x61, count: 4096)) }
        router.get("/big-chunked") { _, _ -> Response in
            Self.chunked([Array(repeating: 0x61, count: 1000), Array(repeating: 0x62, count: 3000)])
        }
        router.get("/gzip-chunked-big") { _, _ -> Response in
            // Small chunks on the wire, 8 KiB once decoded.
            let compressed = Gzip.stored(Array(repeating: 0x63, count: 8192))
            let chunks = stride(from: 0, to: compressed.count, by: 500).map {
                Array(compressed[$0..<min($0 + 500, compressed.count)])
            }
            var response = Self.chunked(chunks)
            response.headers[.contentEncoding] = "gzip"
            return response
        }
        router.get("/slow") { _, _ -> Response in
            try await Task.sleep(for: .seconds(2))
            return Self.text("too late")
        }
        router.post("/hook") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            await log.recordBody(Array(body.readableBytesView))
            var response = Self.text("accepted:" + String(repeating: "x", count: 1000))
            response.status = .accepted
            return response
        }
        router.post("/hook-redirect") { _, _ -> Response in
            var response = Self.redirect(to: "/secret")
            response.status = .temporaryRedirect
            return response
        }
    }

    static func text(_ text: String, contentType: String = "text/plain") -> Response {
        var response = bytes(Array(text.utf8))
        response.headers[.contentType] = contentType
        return response
    }

    static func bytes(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// No Content-Length: the body goes out in chunks.
    static func chunked(_ chunks: [[UInt8]]) -> Response {
        Response(
            status: .ok,
            body: ResponseBody { writer in
                for chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
                try await writer.finish(nil)
            }
        )
    }

    static func redirect(to location: String) -> Response {
        var response = Response(status: .found)
        response.headers[.location] = location
        return response
    }
}

/// gzip (RFC 1952) with stored deflate blocks: valid, not compressed, and
/// enough to exercise decoding without a compression library.
enum Gzip {
    static func stored(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let isLast = offset + length >= data.count
            output.append(isLast ? 0x01 : 0x00)
            output += littleEndian16(UInt16(length)) + littleEndian16(~UInt16(length))
            output += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        output += littleEndian32(crc32(data)) + littleEndian32(UInt32(truncatingIfNeeded: data.count))
        return output
    }

    private static func littleEndian16(_ value: UInt16) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8)]
    }

    private static func littleEndian32(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8((value >> (8 * UInt32($0))) & 0xFF) }
    }

    private static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

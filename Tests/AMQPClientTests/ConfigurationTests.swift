import AMQPWire
import NIOCore
import Testing

@testable import AMQPClient

@Suite struct ConfigurationTests {
    @Test func fullURL() throws {
        let configuration = try AMQPConfiguration(url: "amqp://spyglass:s3cret@127.0.0.1:5690/spyglass-test")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 5690)
        #expect(configuration.username == "spyglass")
        #expect(configuration.password == "s3cret")
        #expect(configuration.virtualHost == "spyglass-test")
    }

    @Test func defaults() throws {
        let configuration = try AMQPConfiguration(url: "amqp://broker")
        #expect(configuration.port == 5672)
        #expect(configuration.virtualHost == "/")
        #expect(configuration.username == "guest")
        #expect(configuration.password == "guest")
        #expect(try AMQPConfiguration(url: "amqp://broker/").virtualHost == "/")
        #expect(try AMQPConfiguration(url: "amqp://").host == "localhost")
    }

    @Test func percentDecoding() throws {
        let configuration = try AMQPConfiguration(url: "amqp://us%40er:p%3Aa%2Fss@host/%2F")
        #expect(configuration.username == "us@er")
        #expect(configuration.password == "p:a/ss")
        #expect(configuration.virtualHost == "/")
        #expect(try AMQPConfiguration(url: "amqp://h/a%2Fb").virtualHost == "a/b")
        // An unencoded "@" in the password: the last "@" ends the credentials.
        #expect(try AMQPConfiguration(url: "amqp://u:p@ss@h").password == "p@ss")
    }

    @Test func ipv6AndQuery() throws {
        let configuration = try AMQPConfiguration(url: "amqp://[::1]:5700/v?heartbeat=3&connection_timeout=1500")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 5700)
        #expect(configuration.heartbeat == .seconds(3))
        #expect(configuration.connectTimeout == .milliseconds(1500))
    }

    @Test(arguments: [
        "http://host", "amqps://host", "host:5672", "amqp://host:0", "amqp://host:99999", "amqp://host:abc",
        "amqp://host/a/b", "amqp://u:p%zz@host", "amqp://ho st", "amqp://[::1", "amqp://host?frame_max=1",
        "amqp://host?heartbeat=-1", "amqp://h%C3/", "amqp://host/%FF",
    ])
    func badURLsThrowBadURL(url: String) {
        do {
            _ = try AMQPConfiguration(url: url)
            Issue.record("accepted \(url)")
        } catch let error as AMQPClientError {
            #expect(error.code == .badURL)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func errorsAndDescriptionNeverShowThePassword() throws {
        let configuration = try AMQPConfiguration(url: "amqp://user:hunter2@host/v")
        #expect(!configuration.description.contains("hunter2"))
        do {
            _ = try AMQPConfiguration(url: "amqp://user:hunter2@host:port/v")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
    }

    @Test func heartbeatIsRoundedUpToWholeSeconds() {
        #expect(AMQPConnection.heartbeatSeconds(.seconds(10)) == 10)
        #expect(AMQPConnection.heartbeatSeconds(.milliseconds(1500)) == 2)
        #expect(AMQPConnection.heartbeatSeconds(.milliseconds(1)) == 1)
        #expect(AMQPConnection.heartbeatSeconds(.zero) == 0)
        #expect(AMQPConnection.heartbeatSeconds(.seconds(-5)) == 0)
        #expect(AMQPConnection.heartbeatSeconds(.seconds(1_000_000)) == UInt16.max)
    }

    @Test func contentLargerThanFrameMaxIsSplit() {
        let body = ByteBuffer(repeating: 7, count: 10_000)
        let publish = Basic.Publish(exchange: "ex", routingKey: "k")
        let frames = AMQPContentFrames.frames(
            channel: 3, publish: publish, message: AMQPMessage(body: body), frameMax: 4096)
        #expect(frames.count == 2 + 3)  // method, header, 4088 + 4088 + 1824
        #expect(frames[0] == .method(channel: 3, .basicPublish(publish)))
        #expect(frames[1] == .header(channel: 3, AMQPContentHeader(bodySize: 10_000, properties: AMQPProperties())))
        var joined = ByteBuffer()
        for frame in frames.dropFirst(2) {
            guard case .body(3, var chunk) = frame else {
                Issue.record("expected a body frame")
                continue
            }
            #expect(chunk.readableBytes <= 4096 - 8)
            joined.writeBuffer(&chunk)
        }
        #expect(joined == body)
    }

    @Test func emptyBodyHasNoBodyFrames() {
        let frames = AMQPContentFrames.frames(
            channel: 1, publish: Basic.Publish(exchange: "", routingKey: "q"), message: AMQPMessage(body: ByteBuffer()),
            frameMax: 131_072)
        #expect(frames.count == 2)
    }
}

import AMQPWire
import NIOCore

/// The frames of one basic.publish: the method, the content header and the body cut into as many
/// body frames as frame-max requires (none for an empty body). They are written together, since
/// frames of one message must not be interleaved with others on the same channel.
enum AMQPContentFrames {
    static func frames(channel: UInt16, publish: Basic.Publish, message: AMQPMessage, frameMax: UInt32) -> [AMQPFrame] {
        var frames: [AMQPFrame] = [
            .method(channel: channel, .basicPublish(publish)),
            .header(
                channel: channel,
                AMQPContentHeader(bodySize: UInt64(message.body.readableBytes), properties: message.properties)),
        ]
        let chunkSize = max(1, Int(frameMax) - AMQPFrameLimits.overhead)
        var body = message.body
        while body.readableBytes > 0, let chunk = body.readSlice(length: min(chunkSize, body.readableBytes)) {
            frames.append(.body(channel: channel, chunk))
        }
        return frames
    }
}

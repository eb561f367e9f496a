import Foundation
import SpyglassDomain

/// The bytes sent for one delivery: a signed JSON event for webhooks, a
/// message with blocks for Slack.
enum DeliveryPayload {
    struct Context {
        var delivery: Delivery
        var change: Change?
        var monitor: Monitor?
        var competitor: Competitor?
        var channel: AlertChannel
    }

    static func webhookBody(_ context: Context) throws -> [UInt8] {
        let event = WebhookEvent(
            id: context.delivery.eventID, type: context.delivery.eventType.rawValue,
            createdAt: context.delivery.createdAt, tenantId: context.delivery.tenantID.rawValue,
            data: WebhookEvent.Data(
                change: context.change.map(Wire.ChangeBody.init),
                monitor: context.monitor.map(Wire.MonitorBody.init),
                competitor: context.competitor.map(Wire.CompetitorBody.init),
                message: context.change == nil ? "Test event from Spyglass: this channel is reachable." : nil))
        return Array(try Wire.encoder().encode(event))
    }

    static func slackBody(_ context: Context) throws -> [UInt8] {
        let title: String
        var blocks: [SlackBlock] = []
        if let change = context.change {
            let who = context.competitor?.name ?? "A competitor"
            title = "\(who): \(change.summary)"
            blocks.append(.header(String(title.prefix(150))))
            if let url = context.monitor?.url {
                blocks.append(.section("*<\(url)|\(escape(url))>*"))
            }
            let excerpt = (change.removed.prefix(10).map { "- " + $0 } + change.added.prefix(10).map { "+ " + $0 })
                .joined(separator: "\n")
            if !excerpt.isEmpty {
                blocks.append(.section("```\n\(escape(String(excerpt.prefix(2_800))))\n```"))
            }
            blocks.append(.context("Change \(change.id.rawValue) · detected \(Timestamp.format(change.detectedAt))"))
        } else {
            title = "Spyglass test message"
            blocks.append(.section("This Slack channel is connected to Spyglass."))
        }
        return Array(try Wire.encoder().encode(SlackMessage(text: title, blocks: blocks)))
    }

    /// Slack's mrkdwn needs only these three escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    struct WebhookEvent: Encodable {
        struct Data: Encodable {
            var change: Wire.ChangeBody?
            var monitor: Wire.MonitorBody?
            var competitor: Wire.CompetitorBody?
            var message: String?
        }

        var id: String
        var type: String
        var createdAt: Date
        var tenantId: String
        var data: Data
    }

    struct SlackMessage: Encodable {
        var text: String
        var blocks: [SlackBlock]
    }

    struct SlackText: Encodable {
        var type: String
        var text: String
    }

    struct SlackBlock: Encodable {
        var type: String
        var text: SlackText?
        var elements: [SlackText]?

        static func header(_ text: String) -> SlackBlock {
            SlackBlock(type: "header", text: SlackText(type: "plain_text", text: text), elements: nil)
        }

        static func section(_ markdown: String) -> SlackBlock {
            SlackBlock(type: "section", text: SlackText(type: "mrkdwn", text: markdown), elements: nil)
        }

        static func context(_ markdown: String) -> SlackBlock {
            SlackBlock(type: "context", text: nil, elements: [SlackText(type: "mrkdwn", text: markdown)])
        }
    }
}

import AMQPWire
import Testing

@testable import AMQPClient

/// Publisher confirms: sequence numbers, (multiple) acks and nacks, returns, loss.
@Suite struct ConfirmTrackerTests {
    typealias Tracker = AMQPConfirmTracker<Int>

    func tracker(publishing count: Int, mandatory: Bool = false, routingKey: String = "key") -> Tracker {
        var tracker = Tracker()
        tracker.enable()
        for waiter in 1...count {
            _ = tracker.published(waiter: waiter, mandatory: mandatory, exchange: "ex", routingKey: routingKey)
        }
        return tracker
    }

    @Test func sequenceNumbersStartAtOne() {
        var tracker = Tracker()
        tracker.enable()
        #expect(tracker.published(waiter: 10, mandatory: false, exchange: "", routingKey: "q") == 1)
        #expect(tracker.published(waiter: 11, mandatory: false, exchange: "", routingKey: "q") == 2)
        #expect(tracker.nextSequenceNumber == 3)
        #expect(tracker.pendingCount == 2)
    }

    @Test func multipleAckResolvesEverythingUpToTheTag() {
        var tracker = tracker(publishing: 5)
        let resolved = tracker.ackReceived(deliveryTag: 3, multiple: true)
        #expect(resolved.map(\.waiter) == [1, 2, 3])
        #expect(resolved.allSatisfy { $0.outcome == .acked })
        #expect(tracker.pendingCount == 2)
        #expect(tracker.ackReceived(deliveryTag: 3, multiple: true).isEmpty)
        #expect(tracker.ackReceived(deliveryTag: 5, multiple: true).map(\.waiter) == [4, 5])
    }

    @Test func singleAcksMayComeOutOfOrder() {
        var tracker = tracker(publishing: 3)
        #expect(tracker.ackReceived(deliveryTag: 2, multiple: false).map(\.waiter) == [2])
        #expect(tracker.ackReceived(deliveryTag: 1, multiple: false).map(\.waiter) == [1])
        #expect(tracker.ackReceived(deliveryTag: 7, multiple: false).isEmpty)
        #expect(tracker.pendingCount == 1)
    }

    @Test func multipleNackFailsEverythingUpToTheTag() {
        var tracker = tracker(publishing: 4)
        let resolved = tracker.nackReceived(deliveryTag: 2, multiple: true)
        #expect(resolved.map(\.waiter) == [1, 2])
        #expect(resolved.allSatisfy { $0.outcome == .nacked })
        #expect(tracker.ackReceived(deliveryTag: 4, multiple: true).map(\.outcome) == [.acked, .acked])
    }

    @Test func tagZeroWithMultipleMeansEverything() {
        var tracker = tracker(publishing: 3)
        #expect(tracker.ackReceived(deliveryTag: 0, multiple: true).count == 3)
    }

    @Test func returnThenAckIsReturned() {
        var tracker = tracker(publishing: 1, mandatory: true, routingKey: "nowhere")
        let returned = Basic.Return(replyCode: 312, replyText: "NO_ROUTE", exchange: "ex", routingKey: "nowhere")
        tracker.returnReceived(returned)
        #expect(tracker.ackReceived(deliveryTag: 1, multiple: false).map(\.outcome) == [.returned(returned)])
    }

    @Test func returnIsMatchedByRouteWithinAMultipleAck() {
        var tracker = Tracker()
        tracker.enable()
        _ = tracker.published(waiter: 1, mandatory: true, exchange: "ex", routingKey: "routed")
        _ = tracker.published(waiter: 2, mandatory: true, exchange: "ex", routingKey: "nowhere")
        _ = tracker.published(waiter: 3, mandatory: false, exchange: "ex", routingKey: "nowhere")
        let returned = Basic.Return(replyCode: 312, replyText: "NO_ROUTE", exchange: "ex", routingKey: "nowhere")
        tracker.returnReceived(returned)
        let outcomes = tracker.ackReceived(deliveryTag: 3, multiple: true).map(\.outcome)
        #expect(outcomes == [.acked, .returned(returned), .acked])
    }

    @Test func aReturnWaitsForTheAckOfItsOwnPublish() {
        var tracker = Tracker()
        tracker.enable()
        _ = tracker.published(waiter: 1, mandatory: true, exchange: "ex", routingKey: "routed")
        _ = tracker.published(waiter: 2, mandatory: true, exchange: "ex", routingKey: "nowhere")
        let returned = Basic.Return(replyCode: 312, replyText: "NO_ROUTE", exchange: "ex", routingKey: "nowhere")
        tracker.returnReceived(returned)
        // The ack for the routed publish comes first; the return is not its.
        #expect(tracker.ackReceived(deliveryTag: 1, multiple: false).map(\.outcome) == [.acked])
        #expect(tracker.ackReceived(deliveryTag: 2, multiple: false).map(\.outcome) == [.returned(returned)])
    }

    @Test func twoReturnsForTheSameRouteMatchTwoPublishes() {
        var tracker = tracker(publishing: 2, mandatory: true, routingKey: "nowhere")
        let returned = Basic.Return(replyCode: 312, replyText: "NO_ROUTE", exchange: "ex", routingKey: "nowhere")
        tracker.returnReceived(returned)
        tracker.returnReceived(returned)
        #expect(
            tracker.ackReceived(deliveryTag: 2, multiple: true).map(\.outcome) == [
                .returned(returned), .returned(returned),
            ])
    }

    @Test func aNackWinsOverAReturn() {
        var tracker = tracker(publishing: 1, mandatory: true, routingKey: "nowhere")
        tracker.returnReceived(
            Basic.Return(replyCode: 312, replyText: "NO_ROUTE", exchange: "ex", routingKey: "nowhere"))
        #expect(tracker.nackReceived(deliveryTag: 1, multiple: false).map(\.outcome) == [.nacked])
    }

    @Test func failAllHandsBackEveryOutstandingWaiter() {
        var tracker = tracker(publishing: 3)
        _ = tracker.ackReceived(deliveryTag: 1, multiple: false)
        #expect(tracker.failAll() == [2, 3])
        #expect(tracker.pendingCount == 0)
        // Numbering goes on: the broker keeps counting on this channel.
        #expect(tracker.published(waiter: 4, mandatory: false, exchange: "", routingKey: "") == 4)
    }
}

import FetchGuard
import Testing

@Suite struct IPAddressParsingTests {
    @Test(arguments: [
        ("0.0.0.0", UInt32(0)),
        ("127.0.0.1", 0x7F00_0001),
        ("255.255.255.255", 0xFFFF_FFFF),
        ("192.168.1.10", 0xC0A8_010A),
        ("8.8.8.8", 0x0808_0808),
    ])
    func dottedQuads(text: String, value: UInt32) {
        #expect(IPAddress(text) == .v4(value))
        #expect(IPAddress(text)?.description == text)
    }

    @Test(arguments: [
        "127.1", "127.0.1", "2130706433", "0x7f.0.0.1", "0x7f000001", "0177.0.0.1", "127.0.0.01",
        "127.00.0.1", "256.0.0.1", "1.2.3.4.5", "1.2.3", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ",
        " 1.2.3.4", "+1.2.3.4", "-1.2.3.4", "1.2.3.-4", "1.2.3.4/32", "1.2.3.4:80", "",
        "١.٢.٣.٤", "1.2.3.4\u{0}", "0000.0.0.0", "1e1.0.0.1", "999999999999999999999.1.1.1",
    ])
    func refusesNonCanonicalIPv4(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test(arguments: [
        ("::", "::"),
        ("::1", "::1"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8::1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("fe80::1", "fe80::1"),
        ("1::", "1::"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("::ffff:0102:0304", "::ffff:1.2.3.4"),
        ("::1.2.3.4", "::102:304"),
        ("64:ff9b::127.0.0.1", "64:ff9b::7f00:1"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
    ])
    func ipv6Forms(text: String, canonical: String) {
        let parsed = IPAddress(text)
        #expect(parsed != nil)
        #expect(parsed?.description == canonical)
        // The canonical text parses back to the same address.
        #expect(parsed.flatMap { IPAddress($0.description) } == parsed)
    }

    @Test(arguments: [
        ":::", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1",
        "::ffff:1.2.3", "::ffff:127.1", "::ffff:01.2.3.4", "1.2.3.4::", "::1.2.3.4:5", "[::1]",
        "::1%", "fe80::1%eth0/64", "fe80::1%eth 0", "fe80::1%a%b", ":", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
    ])
    func refusesMalformedIPv6(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func zones() throws {
        let address = try #require(IPAddress("fe80::1%eth0"))
        guard case .v6(let v6) = address else {
            Issue.record("expected IPv6")
            return
        }
        #expect(v6.zone == "eth0")
        #expect(address.description == "fe80::1%eth0")
        #expect(address.withoutZone == IPAddress("fe80::1"))
        #expect(address != IPAddress("fe80::1"))
        #expect(IPAddress("fe80::1%25")?.description == "fe80::1%25")
    }

    @Test func bytesRoundTrip() throws {
        let address = try #require(IPAddress("2001:db8::ff00:42:8329"))
        #expect(address.bytes.count == 16)
        guard case .v6(let v6) = address else { return }
        #expect(IPv6Address(bytes: address.bytes) == v6)
        #expect(IPv6Address(bytes: [1, 2, 3]) == nil)
        #expect(IPAddress("10.20.30.40")?.bytes == [10, 20, 30, 40])
    }

    @Test func longestZeroRunIsCompressedFirstOnTie() {
        #expect(IPAddress("1:0:0:2:0:0:3:4")?.description == "1::2:0:0:3:4")
        #expect(IPAddress("1:0:2:0:0:0:3:4")?.description == "1:0:2::3:4")
        #expect(IPAddress("1:0:2:3:4:5:6:7")?.description == "1:0:2:3:4:5:6:7")
    }
}

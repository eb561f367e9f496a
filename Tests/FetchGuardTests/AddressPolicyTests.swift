import FetchGuard
import Testing

@Suite struct AddressPolicyTests {
    private let strict = AddressPolicy()

    private func verdict(_ policy: AddressPolicy, _ text: String) throws -> AddressVerdict {
        policy.verdict(for: try #require(IPAddress(text)))
    }

    @Test func publicAddressesAreAllowed() throws {
        #expect(try verdict(strict, "8.8.8.8") == .allowed)
        #expect(try verdict(strict, "2606:4700:4700::1111") == .allowed)
        #expect(try verdict(strict, "::ffff:8.8.8.8") == .allowed)
    }

    @Test func refusalsNameTheAddressAndClass() throws {
        #expect(try verdict(strict, "127.0.0.2") == .refused(reason: "127.0.0.2 is a loopback address"))
        #expect(try verdict(strict, "10.0.0.1") == .refused(reason: "10.0.0.1 is a private network address"))
        #expect(try verdict(strict, "::1") == .refused(reason: "::1 is a loopback address"))
        #expect(
            try verdict(strict, "169.254.169.254")
                == .refused(reason: "169.254.169.254 is a link-local address (the cloud metadata endpoint)")
        )
        #expect(
            try verdict(strict, "::ffff:127.0.0.1")
                == .refused(reason: "::ffff:127.0.0.1 is a loopback address (it embeds IPv4 127.0.0.1)")
        )
    }

    @Test func everyNonPublicClassIsRefused() throws {
        for text in [
            "0.0.0.0", "127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.1.1", "100.64.0.1",
            "224.0.0.1", "255.255.255.255", "240.0.0.1", "192.0.2.1", "::", "::1", "fd00::1", "fe80::1",
            "ff02::1", "2001:db8::1", "64:ff9b::10.0.0.1", "2002:c0a8:0101::1",
        ] {
            let ip = try #require(IPAddress(text))
            guard case .refused(let reason) = strict.verdict(for: ip) else {
                Issue.record("\(text) should be refused")
                continue
            }
            #expect(reason.hasPrefix("\(ip) is "))
            #expect(!reason.contains("\n"))
        }
    }

    @Test func allowedNetworksOpenExactlyWhatTheySay() throws {
        let policy = AddressPolicy(allowedNetworks: [try #require(CIDRBlock("127.0.0.1/32"))])
        #expect(try verdict(policy, "127.0.0.1") == .allowed)
        #expect(try verdict(policy, "::ffff:127.0.0.1") == .allowed)
        #expect(try verdict(policy, "127.0.0.2") == .refused(reason: "127.0.0.2 is a loopback address"))
        #expect(try verdict(policy, "::1") != .allowed)
        // The NAT64 and 6to4 forms reach a different host: not covered.
        #expect(try verdict(policy, "64:ff9b::127.0.0.1") != .allowed)

        let wide = AddressPolicy(allowedNetworks: try AddressPolicy.parseAllowList("10.0.0.0/8, fd00::/8"))
        #expect(try verdict(wide, "10.9.8.7") == .allowed)
        #expect(try verdict(wide, "fd12::1") == .allowed)
        #expect(try verdict(wide, "192.168.0.1") != .allowed)
    }

    @Test func resolvedHostsAreRefusedIfAnyAddressIs() throws {
        let addresses = try [#require(IPAddress("8.8.8.8")), #require(IPAddress("127.0.0.2"))]
        #expect(
            strict.verdict(forHost: "example.com", resolvedTo: addresses)
                == .refused(reason: "example.com resolves to 127.0.0.2, which is a loopback address")
        )
        #expect(strict.verdict(forHost: "example.com", resolvedTo: [try #require(IPAddress("8.8.8.8"))]) == .allowed)
        #expect(
            strict.verdict(forHost: "example.com", resolvedTo: [])
                == .refused(reason: "example.com did not resolve to any address")
        )
    }

    @Test func hostNames() {
        #expect(strict.verdict(forHost: "Example.COM.") == .name("example.com"))
        #expect(strict.verdict(forHost: "_dmarc.example.com") == .name("_dmarc.example.com"))
        #expect(strict.verdict(forHost: "8.8.8.8") == .address(.v4(0x0808_0808)))
        #expect(strict.verdict(forHost: "[2606:4700::1]") == .address(IPAddress("2606:4700::1") ?? .v4(0)))
        #expect(strict.verdict(forHost: "2606:4700::1") == .address(IPAddress("2606:4700::1") ?? .v4(0)))
    }

    @Test(arguments: ["localhost", "LOCALHOST", "localhost.", "api.localhost", "a.b.localhost."])
    func localhostNamesAreAlwaysRefused(host: String) {
        let permissive = AddressPolicy(allowedNetworks: [CIDRBlock("0.0.0.0/0"), CIDRBlock("::/0")].compactMap { $0 })
        guard case .refused(let reason) = permissive.verdict(forHost: host) else {
            Issue.record("\(host) should be refused")
            return
        }
        #expect(reason.contains("localhost"))
    }

    @Test(arguments: [
        "127.1", "0x7f.1", "0x7f000001", "2130706433", "017700000001", "127.0.0.1.", "1.2.3.0x4", "foo.127",
        "foo.0x1", "0x", "127.0.0.01",
    ])
    func ambiguousNumericHostsAreRefused(host: String) {
        guard case .refused(let reason) = strict.verdict(forHost: host) else {
            Issue.record("\(host) should be refused, got \(strict.verdict(forHost: host))")
            return
        }
        #expect(reason.contains("numeric"))
    }

    @Test func literalsAreJudgedDirectly() {
        #expect(strict.verdict(forHost: "127.0.0.2") == .refused(reason: "127.0.0.2 is a loopback address"))
        #expect(strict.verdict(forHost: "[::1]") == .refused(reason: "::1 is a loopback address"))
        #expect(strict.verdict(forHost: "[::ffff:10.0.0.1]") != .address(IPAddress("::ffff:10.0.0.1") ?? .v4(0)))
    }

    @Test(arguments: [
        "", "[::1", "[1.2.3.4]", "[]", "exa mple.com", "a..b", ".a", "ex%61mple.com", "a/b", "a@b", "\u{0}",
        "bücher.de", String(repeating: "a", count: 254), "[fe80::1%eth 0]",
    ])
    func invalidHostsAreInvalid(host: String) {
        guard case .invalid(let reason) = strict.verdict(forHost: host) else {
            Issue.record("\(host.prefix(20)) should be invalid, got \(strict.verdict(forHost: host))")
            return
        }
        #expect(!reason.contains("\n"))
        #expect(reason.count < 200)
    }
}

@Suite struct AllowListTests {
    @Test func separators() throws {
        let blocks = try AddressPolicy.parseAllowList(" 127.0.0.1/32,10.0.0.0/8  fd00::/8,\n::1\t")
        #expect(blocks.map(\.description) == ["127.0.0.1/32", "10.0.0.0/8", "fd00::/8", "::1/128"])
    }

    @Test func emptyMeansNone() throws {
        #expect(try AddressPolicy.parseAllowList("").isEmpty)
        #expect(try AddressPolicy.parseAllowList(" , ,, ").isEmpty)
    }

    @Test(arguments: [
        ("10.0.0.0/8, nonsense", "nonsense"),
        ("127.1", "127.1"),
        ("10.0.0.0/33", "10.0.0.0/33"),
        ("localhost", "localhost"),
        ("::1 fe80::1%eth0", "fe80::1%eth0"),
    ])
    func badEntriesAreNamed(text: String, entry: String) {
        #expect(throws: AllowListError.self) { try AddressPolicy.parseAllowList(text) }
        do {
            _ = try AddressPolicy.parseAllowList(text)
        } catch {
            #expect(error.entry == entry)
            #expect(error.code == .invalidEntry)
            #expect(error.message.contains("'\(entry)'"))
        }
    }
}

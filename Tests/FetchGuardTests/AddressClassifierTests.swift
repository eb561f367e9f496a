import FetchGuard
import Testing

@Suite struct AddressClassifierTests {
    private func classOf(_ text: String) -> AddressClass? {
        IPAddress(text).map(AddressClassifier.classify)
    }

    @Test(arguments: [
        ("8.8.8.8", AddressClass.publicAddress),
        ("1.1.1.1", .publicAddress),
        ("93.184.216.34", .publicAddress),
        ("172.15.255.255", .publicAddress),
        ("172.32.0.0", .publicAddress),
        ("100.63.255.255", .publicAddress),
        ("100.128.0.0", .publicAddress),
        ("192.0.1.255", .publicAddress),
        ("198.17.255.255", .publicAddress),
        ("198.20.0.0", .publicAddress),
        ("223.255.255.255", .publicAddress),
        ("0.0.0.0", .thisNetwork),
        ("0.255.255.255", .thisNetwork),
        ("127.0.0.1", .loopback),
        ("127.0.0.2", .loopback),
        ("127.255.255.254", .loopback),
        ("10.0.0.1", .privateNetwork),
        ("10.255.255.255", .privateNetwork),
        ("172.16.0.1", .privateNetwork),
        ("172.31.255.255", .privateNetwork),
        ("192.168.0.1", .privateNetwork),
        ("169.254.0.1", .linkLocal),
        ("169.254.169.254", .linkLocal),
        ("100.64.0.1", .sharedAddressSpace),
        ("100.127.255.255", .sharedAddressSpace),
        ("224.0.0.1", .multicast),
        ("239.255.255.250", .multicast),
        ("255.255.255.255", .broadcast),
        ("240.0.0.1", .reserved),
        ("255.255.255.254", .reserved),
        ("192.0.0.8", .reserved),
        ("192.0.2.1", .reserved),
        ("198.51.100.7", .reserved),
        ("203.0.113.9", .reserved),
        ("198.18.0.1", .reserved),
        ("198.19.255.255", .reserved),
        ("192.88.99.1", .reserved),
    ])
    func ipv4(text: String, expected: AddressClass) {
        #expect(classOf(text) == expected)
    }

    @Test(arguments: [
        ("2606:4700:4700::1111", AddressClass.publicAddress),
        ("2a00:1450:4001:82b::200e", .publicAddress),
        ("::", .unspecified),
        ("::1", .loopback),
        ("fc00::1", .uniqueLocal),
        ("fd12:3456:789a::1", .uniqueLocal),
        ("fe80::1", .linkLocal),
        ("fe80::1%eth0", .linkLocal),
        ("febf::1", .linkLocal),
        ("fec0::1", .reserved),
        ("ff02::1", .multicast),
        ("ff0e::1", .multicast),
        ("2001:db8::1", .reserved),
        ("3fff::1", .reserved),
        ("2001::1", .reserved),
        ("2001:1ff::1", .reserved),
        ("2001:200::1", .publicAddress),
        ("100::1", .reserved),
        ("64:ff9b:1::1", .reserved),
        ("4000::1", .reserved),
        ("::ffff:0:1.2.3.4", .reserved),
    ])
    func ipv6(text: String, expected: AddressClass) {
        #expect(classOf(text) == expected)
    }

    @Test(arguments: [
        ("::ffff:127.0.0.1", AddressClass.loopback),
        ("::ffff:7f00:2", .loopback),
        ("::ffff:10.1.2.3", .privateNetwork),
        ("::ffff:169.254.169.254", .linkLocal),
        ("::ffff:0.0.0.0", .thisNetwork),
        ("::ffff:8.8.8.8", .publicAddress),
        ("::127.0.0.1", .loopback),
        ("::10.0.0.1", .privateNetwork),
        ("::8.8.8.8", .publicAddress),
        ("::0.0.0.2", .thisNetwork),
        ("64:ff9b::127.0.0.1", .loopback),
        ("64:ff9b::192.168.0.1", .privateNetwork),
        ("64:ff9b::8.8.8.8", .publicAddress),
        ("2002:7f00:1::1", .loopback),
        ("2002:a9fe:a9fe::", .linkLocal),
        ("2002:0808:0808::1", .publicAddress),
        ("2002:e000:0001::", .multicast),
    ])
    func embeddedIPv4(text: String, expected: AddressClass) {
        #expect(classOf(text) == expected)
    }

    @Test func embeddedAddressIsReported() throws {
        guard case .v6(let mapped) = try #require(IPAddress("::ffff:127.0.0.2")) else { return }
        #expect(AddressClassifier.embeddedIPv4(in: mapped) == 0x7F00_0002)
        guard case .v6(let plain) = try #require(IPAddress("2606:4700::1")) else { return }
        #expect(AddressClassifier.embeddedIPv4(in: plain) == nil)
        guard case .v6(let loopback) = try #require(IPAddress("::1")) else { return }
        #expect(AddressClassifier.embeddedIPv4(in: loopback) == nil)
    }

    @Test func everyClassHasAPhrase() {
        for addressClass in AddressClass.allCases {
            #expect(addressClass.phrase.hasPrefix("a") || addressClass.phrase.hasPrefix("the"))
        }
    }
}

import FetchGuard
import Testing

@Suite struct CIDRBlockTests {
    private func block(_ text: String) throws -> CIDRBlock {
        try #require(CIDRBlock(text))
    }

    private func ip(_ text: String) throws -> IPAddress {
        try #require(IPAddress(text))
    }

    @Test func ipv4Blocks() throws {
        let ten = try block("10.0.0.0/8")
        #expect(ten.contains(try ip("10.0.0.0")))
        #expect(ten.contains(try ip("10.255.255.255")))
        #expect(!ten.contains(try ip("11.0.0.0")))
        #expect(!ten.contains(try ip("9.255.255.255")))
        #expect(ten.description == "10.0.0.0/8")

        let twelve = try block("172.16.0.0/12")
        #expect(twelve.contains(try ip("172.31.0.1")))
        #expect(!twelve.contains(try ip("172.32.0.1")))
    }

    @Test func bareAddressesAreSingleHosts() throws {
        let one = try block("127.0.0.1")
        #expect(one.prefixLength == 32)
        #expect(one.contains(try ip("127.0.0.1")))
        #expect(!one.contains(try ip("127.0.0.2")))

        let six = try block("::1")
        #expect(six.prefixLength == 128)
        #expect(six.contains(try ip("::1")))
        #expect(!six.contains(try ip("::2")))
    }

    @Test func extremePrefixes() throws {
        let everything4 = try block("0.0.0.0/0")
        #expect(everything4.contains(try ip("255.255.255.255")))
        #expect(everything4.contains(try ip("0.0.0.0")))
        #expect(!everything4.contains(try ip("::1")))

        let everything6 = try block("::/0")
        #expect(everything6.contains(try ip("ffff::1")))
        #expect(!everything6.contains(try ip("1.2.3.4")))

        let exact = try block("2001:db8::1/128")
        #expect(exact.contains(try ip("2001:db8::1")))
        #expect(!exact.contains(try ip("2001:db8::2")))
    }

    @Test func prefixesAcrossTheSixtyFourBitBoundary() throws {
        let slash64 = try block("2001:db8:1:2::/64")
        #expect(slash64.contains(try ip("2001:db8:1:2:ffff:ffff:ffff:ffff")))
        #expect(!slash64.contains(try ip("2001:db8:1:3::")))

        let slash65 = try block("2001:db8::/65")
        #expect(slash65.contains(try ip("2001:db8::7fff:ffff:ffff:ffff")))
        #expect(!slash65.contains(try ip("2001:db8::8000:0:0:0")))

        let slash63 = try block("2001:db8::/63")
        #expect(slash63.contains(try ip("2001:db8:0:1::1")))
        #expect(!slash63.contains(try ip("2001:db8:0:2::1")))
    }

    @Test func hostBitsAreCleared() throws {
        let block = try block("10.1.2.3/8")
        #expect(block.network == IPAddress("10.0.0.0"))
        #expect(block.description == "10.0.0.0/8")
        #expect(block == CIDRBlock("10.0.0.0/8"))
        #expect(try self.block("fd00::1234/8").description == "fd00::/8")
    }

    @Test func zonesAreIgnoredWhenMatching() throws {
        #expect(try block("fe80::/10").contains(try ip("fe80::1%eth0")))
    }

    @Test(arguments: [
        "", "/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08",
        "10.0.0.0/8/8", "10.0.0.0 /8", "10.0.0.0/8 ", "10/8", "10.0.0.0/0x8", "fe80::1%eth0/64",
        "[::1]/128", "localhost", "10.0.0.0/1000", "10.0.0.0/١",
    ])
    func refusesMalformed(text: String) {
        #expect(CIDRBlock(text) == nil)
    }

    @Test func clampsProgrammaticPrefixes() throws {
        let address = try ip("10.0.0.1")
        #expect(CIDRBlock(address: address, prefixLength: 99).prefixLength == 32)
        #expect(CIDRBlock(address: address, prefixLength: -3).prefixLength == 0)
    }
}

@testable import NoiseFilter
import Testing

@Suite("Built-in rule: CSRF, nonce and session tokens")
struct SessionTokenRuleTests {
    @Test("generated tokens are noise", arguments: [
        LinePair("csrf_token=8f3a9c2e7b1d4f60a2c5", "csrf_token=1b2c3d4e5f60718293a4"),
        LinePair("X-CSRF-Token: Zk3hQ9wLp2", "X-CSRF-Token: Ab7kR2mNq8"),
        LinePair("nonce=\"r4nd0mV4lue\"", "nonce=\"0th3rV4lue9\""),
        LinePair("session=abc123def456", "session=zzz999yyy888"),
        LinePair("PHPSESSID=9a8b7c6d5e4f3a2b1c0d", "PHPSESSID=0f1e2d3c4b5a69788796"),
        LinePair("sid: a1b2c3d4e5", "sid: f6e5d4c3b2"),
        LinePair("Request ID 550e8400-e29b-41d4-a716-446655440000", "Request ID 123e4567-e89b-12d3-a456-426614174000"),
        LinePair("Build 3f2a9c1d4e5b6a7f8091", "Build 9a8b7c6d5e4f30211234"),
        LinePair("ref Qm9Yx3Lp8Zr2Tn5Kw7Vd", "ref Hs4Jd8Nq1Wm6Ry3Pz0Xc"),
        LinePair("jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "jwt eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9"),
    ])
    func tokensAreNoise(pair: LinePair) {
        expectNoise(pair, rule: .sessionToken)
    }

    @Test("written text and plain numbers are not tokens", arguments: [
        LinePair("Session: Keynote", "Session: Workshop"),
        LinePair("Token ring network", "Token bus network"),
        LinePair("Order #1234567890", "Order #1234567891"),
        LinePair("Read State-of-the-Art-2026-Guide", "Read State-of-the-Art-2027-Guide"),
        LinePair("Meet the iPhone15ProMaxSpecifications", "Meet the iPhone16ProMaxSpecifications"),
        LinePair("Color deadbeefcafebabe", "Color deadbeefcafebabf"),
        LinePair("internationalization2026", "internationalization2027"),
    ])
    func realChanges(pair: LinePair) {
        expectChange(pair)
    }

    @Test("token shapes", arguments: [
        ("Qm9Yx3Lp8Zr2Tn5Kw7Vd", true),
        ("dGhpcyBpcyBhIHRlc3QgMTIz==", true),
        ("State-of-the-Art-2026-Guide", false),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", false),
        ("abcdefghijklmnopqrstuvwxyz0123", false),
        ("Short1Aa", false),
    ])
    func shapes(token: String, random: Bool) {
        #expect(TokenShape.looksRandom(Substring(token)) == random)
    }
}

import CLibXML2

/// Advertising and sponsored slots, recognised by the markup ad servers and
/// themes put on them. Their content rotates on every load and is never the
/// competitor's own message, so it is not part of the visible text.
enum AdBlocks {
    /// Class or id tokens that name an ad slot (whole tokens only: "address",
    /// "admin" or "add-to-cart" never match).
    private static let tokens: Set<String> = [
        "ad", "ads", "advert", "adverts", "advertisement", "advertising", "ad-slot", "ad-unit", "ad-banner",
        "ad-container", "ad-wrapper", "adsbygoogle", "sponsored", "sponsor-slot", "promoted-content", "dfp-ad",
        "gpt-ad",
    ]
    /// Attributes only ad markup carries.
    private static let attributes: Set<String> = [
        "data-ad-unit", "data-ad-slot", "data-ad-client", "data-ad-creative", "data-ad-format", "data-google-query-id",
    ]

    static func isAd(_ element: xmlNodePtr) -> Bool {
        var attribute = element.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard let nameBytes = current.pointee.name else { continue }
            let name = String(cString: nameBytes).lowercased()
            if Self.attributes.contains(name) { return true }
            guard name == "class" || name == "id" else { continue }
            let value = xmlNodePtr.value(of: current).lowercased()
            for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
                if tokens.contains(String(token)) || token.hasPrefix("ad-slot") || token.hasPrefix("div-gpt-ad") {
                    return true
                }
            }
        }
        return false
    }
}

import CLibXML2

/// Advertising and sponsored slots, recognised by the markup ad servers and
/// themes put on them. Their content rotates on every load and is never the
/// competitor's own message, so it is not part of the visible text.
///
/// Runs on every element of every page, so ASCII attribute names and class/id
/// values (nearly all of them) are matched as bytes, without Strings; others
/// go through the String rules. Both decide the same way: on ASCII, Unicode
/// lowercasing is ASCII lowercasing and each byte is its own Character except
/// "\r\n" (whose "\n" therefore separates nothing).
enum AdBlocks {
    /// Class or id tokens that name an ad slot (whole tokens only: "address",
    /// "admin" or "add-to-cart" never match).
    private static let tokens: Set<String> = [
        "ad", "ads", "advert", "adverts", "advertisement", "advertising", "ad-slot", "ad-unit", "ad-banner",
        "ad-container", "ad-wrapper", "adsbygoogle", "sponsored", "sponsor-slot", "promoted-content", "dfp-ad",
        "gpt-ad",
    ]
    /// Token beginnings that name an ad slot.
    private static let tokenPrefixes = ["ad-slot", "div-gpt-ad"]
    /// Attributes only ad markup carries.
    private static let attributes: Set<String> = [
        "data-ad-unit", "data-ad-slot", "data-ad-client", "data-ad-creative", "data-ad-format", "data-google-query-id",
    ]

    private static let tokenBytes = tokens.map { Array($0.utf8) }
    private static let tokenPrefixBytes = tokenPrefixes.map { Array($0.utf8) }
    private static let attributeBytes = attributes.map { Array($0.utf8) }
    private static let classBytes = Array("class".utf8)
    private static let idBytes = Array("id".utf8)

    static func isAd(_ element: xmlNodePtr) -> Bool {
        var attribute = element.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard let name = current.pointee.name else { continue }
            if isAdAttribute(current, name: name) { return true }
        }
        return false
    }

    private static func isAdAttribute(_ attribute: xmlAttrPtr, name: UnsafePointer<xmlChar>) -> Bool {
        guard let nameLength = asciiLength(name) else { return isAdAttribute(attribute, name: String(cString: name)) }
        let nameBytes = UnsafeBufferPointer(start: name, count: nameLength)
        if attributeBytes.contains(where: { equalsLowercased(nameBytes, $0) }) { return true }
        guard equalsLowercased(nameBytes, classBytes) || equalsLowercased(nameBytes, idBytes) else { return false }
        // The usual value: one text child, all ASCII.
        if let child = attribute.pointee.children, child.pointee.next == nil, child.type == XML_TEXT_NODE,
           let content = child.pointee.content, let length = asciiLength(content) {
            return hasAdToken(UnsafeBufferPointer(start: content, count: length))
        }
        return hasAdToken(xmlNodePtr.value(of: attribute))
    }

    /// The rules on Strings, for names and values that are not all ASCII.
    private static func isAdAttribute(_ attribute: xmlAttrPtr, name: String) -> Bool {
        let name = name.lowercased()
        if attributes.contains(name) { return true }
        guard name == "class" || name == "id" else { return false }
        return hasAdToken(xmlNodePtr.value(of: attribute))
    }

    private static func hasAdToken(_ value: String) -> Bool {
        for token in value.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            if tokens.contains(String(token)) || tokenPrefixes.contains(where: { token.hasPrefix($0) }) { return true }
        }
        return false
    }

    private static func hasAdToken(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        for index in 0...value.count {
            let separates = index == value.count || value[index] == 0x20 || value[index] == 0x09
                || (value[index] == 0x0A && (index == 0 || value[index - 1] != 0x0D))
            guard separates else { continue }
            if index > start {
                let token = UnsafeBufferPointer(rebasing: value[start..<index])
                if tokenBytes.contains(where: { equalsLowercased(token, $0) }) { return true }
                for prefix in tokenPrefixBytes where token.count >= prefix.count {
                    if equalsLowercased(UnsafeBufferPointer(rebasing: token[0..<prefix.count]), prefix) { return true }
                }
            }
            start = index + 1
        }
        return false
    }

    /// The length of a NUL-terminated string when it is all ASCII; nil otherwise.
    private static func asciiLength(_ bytes: UnsafePointer<xmlChar>) -> Int? {
        var length = 0
        while bytes[length] != 0 {
            guard bytes[length] < 0x80 else { return nil }
            length += 1
        }
        return length
    }

    /// ASCII bytes, lowercased, equal to a lowercase ASCII literal.
    private static func equalsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: [UInt8]) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if (byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte) != lowercase[index] { return false }
        }
        return true
    }
}

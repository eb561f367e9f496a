import CLibXML2

/// Decides from an element's own attributes whether it is hidden; CSS from
/// style sheets is out of reach, inline `display:none` is not.
enum Visibility {
    static func isHidden(_ element: xmlNodePtr) -> Bool {
        var sawOpen = false
        var attribute = element.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            let name = current.pointee.name
            if LibXMLName.equals(name, "hidden") {
                return true
            } else if LibXMLName.equals(name, "aria-hidden") {
                let value = xmlNodePtr.value(of: current).asciiLowercased()
                if value.trimmingASCIISpace() == "true" { return true }
            } else if LibXMLName.equals(name, "style") {
                if hasDisplayNone(xmlNodePtr.value(of: current)) { return true }
            } else if LibXMLName.equals(name, "open") {
                sawOpen = true
            }
        }
        // A <dialog> without `open` is not rendered.
        return !sawOpen && LibXMLName.equals(element.pointee.name, "dialog")
    }

    /// True when an inline style declares `display: none` (any case or spacing).
    static func hasDisplayNone(_ style: String) -> Bool {
        var compact: [UInt8] = []
        compact.reserveCapacity(style.utf8.count)
        for byte in style.utf8 where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D {
            compact.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
        }
        let needle = Array("display:none".utf8)
        guard compact.count >= needle.count else { return false }
        for start in 0...(compact.count - needle.count) where compact[start] == needle[0] {
            guard compact[start..<start + needle.count].elementsEqual(needle) else { continue }
            // Not part of a longer property name such as `--display`.
            let before = start == 0 ? UInt8(ascii: ";") : compact[start - 1]
            if before == UInt8(ascii: ";") || before == UInt8(ascii: "{") { return true }
        }
        return false
    }
}

import CLibXML2

/// Compares libxml2 names (NUL-terminated UTF-8) with ASCII literals byte for
/// byte, so the walk makes no String per element or attribute. For literals
/// of lowercase letters, digits and `-` this decides exactly what `String ==`
/// decides: no other scalar sequence is canonically equivalent to them.
enum LibXMLName {
    static func equals(_ name: UnsafePointer<xmlChar>?, _ literal: StaticString) -> Bool {
        guard let name else { return false }
        let bytes = literal.utf8Start
        for index in 0..<literal.utf8CodeUnitCount where name[index] != bytes[index] {
            return false  // also stops at the name's NUL, which no literal holds
        }
        return name[literal.utf8CodeUnitCount] == 0
    }
}

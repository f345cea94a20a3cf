/// Percent-encoding of one URL path component.
enum PathComponent {
    /// Encodes all but RFC 3986's unreserved characters, so an id cannot add a path segment,
    /// a query or a fragment.
    static func escape(_ component: String) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var escaped = String.UnicodeScalarView()
        for byte in component.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                escaped.append(Unicode.Scalar(byte))
            default:
                escaped.append("%")
                escaped.append(hex[Int(byte >> 4)])
                escaped.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(escaped)
    }
}

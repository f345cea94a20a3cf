/// Renders decoding paths for error messages: `items[2].phone`.
enum FieldPath {
    static func render(_ path: [any CodingKey]) -> String {
        var rendered = ""
        for key in path {
            if let index = key.intValue {
                rendered += "[\(index)]"
            } else {
                rendered += (rendered.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return rendered.isEmpty ? "(body)" : rendered
    }

    /// "a string", "an integer", … for a type the decoder expected.
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type, is UInt32.Type:
            return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") { return "an array" }
            return "an object"
        }
    }
}

import Foundation

/// A `multipart/form-data` body split into its parts (RFC 7578), enough for media uploads.
struct MultipartForm {
    /// One part: its field name, optional content type and bytes.
    struct Part {
        var name: String
        var contentType: String?
        var body: Data
    }

    var parts: [Part] = []

    /// Parses `body`; nil when the content type is not multipart with a boundary.
    init?(contentType: String?, body: Data) {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let range = contentType.range(of: "boundary=")
        else { return nil }
        let boundary = contentType[range.upperBound...].split(separator: ";")[0].trimmingCharacters(
            in: .init(charactersIn: "\" ")
        )
        let delimiter = Data("--\(boundary)".utf8)
        var chunks: [Data] = []
        var start = body.startIndex
        while let found = body.range(of: delimiter, in: start..<body.endIndex) {
            chunks.append(body[start..<found.lowerBound])
            start = found.upperBound
        }
        for chunk in chunks.dropFirst() {
            guard let split = chunk.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: chunk[chunk.startIndex..<split.lowerBound], as: UTF8.self)
            var content = chunk[split.upperBound...]
            if content.suffix(2) == Data("\r\n".utf8) { content = content.dropLast(2) }
            guard let name = Self.parameter(" name", in: head) else { continue }
            let type = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-type:") }
                .map { $0.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces) }
            parts.append(Part(name: name, contentType: type, body: Data(content)))
        }
    }

    /// The text of field `name`.
    func text(_ name: String) -> String? {
        parts.first { $0.name == name }.map { String(decoding: $0.body, as: UTF8.self) }
    }

    private static func parameter(_ key: String, in head: String) -> String? {
        guard let range = head.range(of: "\(key)=\"") else { return nil }
        let rest = head[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

import Foundation
import Hummingbird

/// Writes a response body in chunks of about 64 KiB: the export of a subject is produced page
/// by page and never held whole.
struct ExportStream {
    private var writer: any ResponseBodyWriter
    private var buffer = ByteBuffer()
    private let encoder: JSONEncoder

    init(_ writer: any ResponseBodyWriter) {
        self.writer = writer
        encoder = .api
    }

    mutating func write(_ text: String) async throws {
        buffer.writeString(text)
        if buffer.readableBytes >= 64 * 1024 { try await flush() }
    }

    /// `value` as JSON.
    mutating func json(_ value: some Encodable) async throws {
        buffer.writeBytes(try encoder.encode(value))
        if buffer.readableBytes >= 64 * 1024 { try await flush() }
    }

    /// `"key":` followed by `value` as JSON.
    mutating func member(_ key: String, _ value: some Encodable, first: Bool = false) async throws {
        try await write((first ? "" : ",") + "\"\(key)\":")
        try await json(value)
    }

    mutating func flush() async throws {
        guard buffer.readableBytes > 0 else { return }
        try await writer.write(buffer)
        buffer.clear()
    }

    consuming func finish() async throws {
        try await flush()
        try await writer.finish(nil)
    }
}

/// Text made safe for HTML element content and attribute values.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

import Foundation

/// A `multipart/form-data` body (RFC 7578) with text fields and one file, for `/files`.
struct MultipartBody {
    /// A random boundary that cannot occur in the file's JSONL (it has no `--sigilo` lines).
    let boundary = "sigilo-" + UUID().uuidString
    let bytes: [UInt8]

    /// Builds the body.
    /// - Parameters:
    ///   - fields: Text fields, in order.
    ///   - file: The file part: field name, file name and content.
    init(fields: [(String, String)], file: (name: String, filename: String, content: [UInt8])) {
        var out: [UInt8] = []
        for (name, value) in fields {
            out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        let safeName = file.filename.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }
        out += Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(safeName)\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n").utf8
        )
        out += file.content
        out += Array("\r\n--\(boundary)--\r\n".utf8)
        bytes = out
    }

    /// The `Content-Type` header value.
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}

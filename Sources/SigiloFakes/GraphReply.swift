import Foundation

/// An answer of the fake, independent of the HTTP server: status, content type and body bytes.
struct GraphReply: Sendable {
    var status: Int
    var contentType: String
    var body: [UInt8]

    /// A JSON answer, written as Meta writes it.
    static func json(_ value: MetaJSON, status: Int = 200) -> GraphReply {
        GraphReply(status: status, contentType: "application/json", body: value.bytes)
    }

    /// `{"success":true}`.
    static let success = json(["success": true])

    /// A Graph error body: `{"error":{"message","type","code","error_subcode"?,"error_data","fbtrace_id"}}`.
    static func graphError(
        status: Int,
        code: Int,
        title: String,
        details: String?,
        subcode: Int? = nil,
        type: String = "OAuthException"
    ) -> GraphReply {
        let errorData: MetaJSON? = details.map { ["messaging_product": "whatsapp", "details": .string($0)] }
        let error = MetaJSON.fields([
            "message": .string("(#\(code)) \(title)"), "type": .string(type), "code": .int(code),
            "error_subcode": subcode.map(MetaJSON.int), "error_data": errorData,
            "fbtrace_id": .string(traceID()),
        ])
        return json(["error": error], status: status)
    }

    /// Error 100: an invalid parameter.
    static func invalidParameter(_ details: String, subcode: Int? = nil) -> GraphReply {
        graphError(status: 400, code: 100, title: "Invalid parameter", details: details, subcode: subcode)
    }

    /// Error 100 for a path naming no object the fake knows.
    static func unknownObject(_ id: String, method: String) -> GraphReply {
        graphError(
            status: 400,
            code: 100,
            title: "Unsupported \(method.lowercased()) request. Object with ID '\(id)' does not exist, "
                + "cannot be loaded due to missing permissions, or does not support this operation.",
            details: nil,
            subcode: 33,
            type: "GraphMethodException"
        )
    }

    /// Error 190 (HTTP 401): missing, wrong or revoked access token.
    static func invalidToken() -> GraphReply {
        let error: MetaJSON = [
            "message": "Error validating access token: The session is invalid because the user logged out.",
            "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": .string(traceID()),
        ]
        return json(["error": error], status: 401)
    }

    /// A plain-text answer (lookaside 404, unknown route).
    static func text(_ text: String, status: Int) -> GraphReply {
        GraphReply(status: status, contentType: "text/plain", body: Array(text.utf8))
    }

    /// A random `fbtrace_id`, as Meta gives one per failed call.
    static func traceID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<23).map { _ in alphabet.randomElement() ?? "A" })
    }
}

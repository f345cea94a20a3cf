package import Foundation

extension FakeGraphAPI {
    /// A send the fake accepted (HTTP 200), as the client sent it.
    package struct SentMessage: Sendable {
        /// The `wamid.…` answered.
        package var messageID: String
        package var phoneNumberID: String
        /// `to` exactly as sent (`contacts[].input`).
        package var to: String
        /// The canonical wa_id answered (12 digits for a Brazilian mobile).
        package var waID: String
        /// `type` of the message (`text`, `template`, …).
        package var type: String
        /// The request body bytes.
        package var body: Data
        /// When it was accepted, on the fake clock.
        package var time: Date
    }

    /// One HTTP request the fake answered.
    package struct RecordedRequest: Sendable {
        package var method: String
        /// The path without its query.
        package var path: String
        /// The HTTP status answered.
        package var status: Int
        /// Whether it carried the current Bearer token.
        package var hadValidAuth: Bool
    }

    /// A failure to answer the next `count` sends with, instead of Meta's normal answer.
    package struct InjectedFailure: Sendable {
        /// Graph error code (e.g. 131026, 130429, 190, 131000).
        package var code: Int
        package var subcode: Int?
        /// HTTP status of a synchronous failure (400, 401, 429, 500, 503, …).
        package var httpStatus: Int
        package var title: String
        package var details: String
        /// How many sends it applies to.
        package var count: Int
        /// `true`: accept (200) and report a `failed` status with `code`; `false`: an error body.
        package var async: Bool
        /// For a 5xx: answer an HTML page instead of JSON, as a proxy in front of Meta would.
        package var nonJSONBody: Bool

        /// Creates a failure; by default a synchronous HTTP 400 applying to one send.
        package init(
            code: Int,
            subcode: Int? = nil,
            httpStatus: Int = 400,
            title: String = "Injected failure",
            details: String = "Injected by the test",
            count: Int = 1,
            async: Bool = false,
            nonJSONBody: Bool = false
        ) {
            self.code = code
            self.subcode = subcode
            self.httpStatus = httpStatus
            self.title = title
            self.details = details
            self.count = count
            self.async = async
            self.nonJSONBody = nonJSONBody
        }
    }
}

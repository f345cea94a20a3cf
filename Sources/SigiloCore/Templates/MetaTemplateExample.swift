/// A component's sample values in Meta's management API, required by Meta's review when the
/// component has variables: `{"header_text":["Maria"]}`, `{"body_text":[["Maria","10/05"]]}`,
/// or for a media header the handle of a sample file (`header_handle`, from Meta's resumable
/// upload API, which Sigilo does not yet call).
package struct MetaTemplateExample: Sendable, Equatable, Codable {
    /// The sample value of a text header's `{{1}}`.
    package var headerText: [String]?
    /// Handles of sample files for a media header.
    package var headerHandle: [String]?
    /// Sets of sample values for the body's variables; Sigilo writes and reads the first.
    package var bodyText: [[String]]?

    /// Creates sample values.
    /// - Parameters:
    ///   - headerText: The text header's sample value.
    ///   - headerHandle: Sample file handles for a media header.
    ///   - bodyText: Sample value sets for the body.
    package init(headerText: [String]? = nil, headerHandle: [String]? = nil, bodyText: [[String]]? = nil) {
        self.headerText = headerText
        self.headerHandle = headerHandle
        self.bodyText = bodyText
    }

    private enum CodingKeys: String, CodingKey {
        case headerText = "header_text"
        case headerHandle = "header_handle"
        case bodyText = "body_text"
    }
}

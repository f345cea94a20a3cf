/// A button in Meta's management API: `{"type":"QUICK_REPLY","text":…}`,
/// `{"type":"URL","text":…,"url":…,"example":[…]}` or
/// `{"type":"PHONE_NUMBER","text":…,"phone_number":…}`; other types (`OTP`, `COPY_CODE`…)
/// decode with their type and text only.
package struct MetaTemplateButton: Sendable, Equatable, Codable {
    /// `QUICK_REPLY`, `URL`, `PHONE_NUMBER`, or a type Sigilo does not model.
    package var type: String
    /// The button's label.
    package var text: String?
    /// A link button's address, which may end in `{{1}}`.
    package var url: String?
    /// A call button's number.
    package var phoneNumber: String?
    /// For a link ending in `{{1}}`: a full sample address, for Meta's review.
    package var example: [String]?

    /// Creates a button.
    /// - Parameters:
    ///   - type: The button type.
    ///   - text: The label.
    ///   - url: A link button's address.
    ///   - phoneNumber: A call button's number.
    ///   - example: A link button's full sample address.
    package init(
        type: String,
        text: String? = nil,
        url: String? = nil,
        phoneNumber: String? = nil,
        example: [String]? = nil
    ) {
        self.type = type
        self.text = text
        self.url = url
        self.phoneNumber = phoneNumber
        self.example = example
    }

    private enum CodingKeys: String, CodingKey {
        case type
        case text
        case url
        case phoneNumber = "phone_number"
        case example
    }
}

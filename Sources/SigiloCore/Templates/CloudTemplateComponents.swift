/// A Cloud API send's `template.components` array, encoded exactly as Meta expects it, so the
/// WhatsApp client can put it into the send body without a `[String: Any]` in between.
package struct CloudTemplateComponents: Sendable, Equatable, Codable {
    /// The components, in the order header, body, buttons by index.
    package var components: [CloudTemplateComponent]

    /// Wraps `components`.
    /// - Parameter components: The components, in send order.
    package init(_ components: [CloudTemplateComponent]) {
        self.components = components
    }

    package init(from decoder: any Decoder) throws {
        components = try decoder.singleValueContainer().decode([CloudTemplateComponent].self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(components)
    }
}

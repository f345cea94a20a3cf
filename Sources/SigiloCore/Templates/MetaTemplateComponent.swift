/// One component of a template in Meta's management API:
/// `{"type":"HEADER","format":"TEXT","text":…}`, `{"type":"BODY","text":…,"example":{…}}`,
/// `{"type":"FOOTER","text":…}` or `{"type":"BUTTONS","buttons":[…]}`. Fields of other
/// component types are not kept.
package struct MetaTemplateComponent: Sendable, Equatable, Codable {
    /// `HEADER`, `BODY`, `FOOTER`, `BUTTONS`, or a type Sigilo does not model.
    package var type: String
    /// A header's `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT` or `LOCATION`.
    package var format: String?
    /// The text of a text header, a body or a footer.
    package var text: String?
    /// Sample values for Meta's review.
    package var example: MetaTemplateExample?
    /// A `BUTTONS` component's buttons.
    package var buttons: [MetaTemplateButton]?

    /// Creates a component.
    /// - Parameters:
    ///   - type: The component type.
    ///   - format: A header's format.
    ///   - text: The component's text.
    ///   - example: Sample values.
    ///   - buttons: The buttons of a `BUTTONS` component.
    package init(
        type: String,
        format: String? = nil,
        text: String? = nil,
        example: MetaTemplateExample? = nil,
        buttons: [MetaTemplateButton]? = nil
    ) {
        self.type = type
        self.format = format
        self.text = text
        self.example = example
        self.buttons = buttons
    }

    private enum CodingKeys: String, CodingKey {
        case type
        case format
        case text
        case example
        case buttons
    }
}

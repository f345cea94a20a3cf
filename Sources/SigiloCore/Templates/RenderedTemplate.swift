/// A template filled in with its parameters: the text a person reads, and the parameters in
/// the Cloud API's send shape.
///
/// ``bodyText`` is what an agent sees in the conversation and what is stored (sealed, as it
/// holds the customer's data); ``components`` goes into the send as `template.components`.
package struct RenderedTemplate: Sendable, Equatable {
    /// The template's name, the send's `template.name`.
    package let name: String
    /// The template's language code, the send's `template.language.code`.
    package let language: String
    /// The header text with its variable filled in; `nil` for no header or a media header.
    package let headerText: String?
    /// The body text with its variables filled in.
    package let bodyText: String
    /// The send's `template.components`.
    package let components: CloudTemplateComponents

    /// Creates a rendering; ``MessageTemplate/render(header:body:buttons:)`` is the usual way.
    /// - Parameters:
    ///   - name: The template's name.
    ///   - language: The template's language code.
    ///   - headerText: The filled-in header text, if any.
    ///   - bodyText: The filled-in body text.
    ///   - components: The send's components.
    package init(
        name: String,
        language: String,
        headerText: String?,
        bodyText: String,
        components: CloudTemplateComponents
    ) {
        self.name = name
        self.language = language
        self.headerText = headerText
        self.bodyText = bodyText
        self.components = components
    }
}

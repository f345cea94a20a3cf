/// The values that fill a template's variables: header and body parameters in order, and
/// button parameters by button index. Stored (sealed) with a cadence or a scheduled message,
/// since they may name the person.
package struct TemplateArguments: Sendable, Equatable, Codable {
    package var header: [TemplateParameter]
    package var body: [TemplateParameter]
    package var buttons: [Int: TemplateParameter]

    package init(
        header: [TemplateParameter] = [],
        body: [TemplateParameter] = [],
        buttons: [Int: TemplateParameter] = [:]
    ) {
        self.header = header
        self.body = body
        self.buttons = buttons
    }
}

/// A template breaks one of Meta's rules: which field, and what it must be instead.
///
/// The HTTP layer shows it as `Field '<field>' must be <reason>`. The reason says what is
/// expected and never quotes the rejected value: template text can hold personal data pasted
/// by mistake, and errors end up in logs.
package struct TemplateValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A JSON path into the template: `name`, `header.text`, `body.text`, `buttons[1].url`.
    package let field: String
    /// What the field must be, in English, without a final period (`at most 60 characters`).
    package let reason: String

    /// Creates an error.
    /// - Parameters:
    ///   - field: The JSON path of the field at fault.
    ///   - reason: What the field must be; must not quote the rejected value.
    package init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `Field '<field>' must be <reason>`: safe to log, as it holds no value.
    package var description: String { "Field '\(field)' must be \(reason)" }
}

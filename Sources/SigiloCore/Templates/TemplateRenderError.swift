/// Parameters that do not fit a template: which one, and what it must be instead.
///
/// These are the mistakes Meta would refuse with 132000 (count mismatch), 132005 (too long),
/// 132012 (wrong format) or 132018 (new lines, tabs or runs of spaces), caught before sending.
/// Fields are JSON paths such as `parameters.body` or `parameters.body[1]` (zero-based); the
/// reason never quotes a parameter's value, which is usually personal data.
package struct TemplateRenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parameter list or parameter at fault: `parameters.header`, `parameters.buttons[1]`.
    package let field: String
    /// What it must be, in English, without a final period (`exactly 3 parameters, not 2`).
    package let reason: String

    /// Creates an error.
    /// - Parameters:
    ///   - field: The JSON path of the parameter or list at fault.
    ///   - reason: What it must be; must not quote the rejected value.
    package init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `Field '<field>' must be <reason>`: safe to log, as it holds no value.
    package var description: String { "Field '\(field)' must be \(reason)" }
}

/// One entry of a Cloud API send's `template.components` (reference §5): the parameters for
/// the header, the body, or one link button.
///
/// Only components that take parameters appear; quick-reply and call buttons send none.
package enum CloudTemplateComponent: Sendable, Equatable {
    /// `{"type":"header","parameters":[…]}`.
    case header([TemplateParameter])
    /// `{"type":"body","parameters":[…]}`.
    case body([TemplateParameter])
    /// `{"type":"button","sub_type":"url","index":"1","parameters":[…]}`; `index` is the
    /// button's zero-based position in the template, which Meta wants as a string.
    case urlButton(index: Int, parameters: [TemplateParameter])
}

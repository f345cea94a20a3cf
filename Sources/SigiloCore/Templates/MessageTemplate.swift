/// A WhatsApp message template: the only kind of message Meta lets a business send outside the
/// 24-hour customer-service window (reference §7).
///
/// Its JSON is the shape Sigilo's HTTP API reads and writes (snake_case keys):
/// ```json
/// {"name":"lembrete_pagamento","language":"pt_BR","category":"utility","status":"draft",
///  "header":{"format":"text","text":"Olá {{1}}"},
///  "body":{"text":"Olá {{1}}, sua fatura de {{2}} vence em {{3}}.","examples":["Maria","R$ 10,00","10/05"]},
///  "footer":"Responda SAIR para não receber mais.",
///  "buttons":[{"type":"quick_reply","text":"Parar promoções"}]}
/// ```
/// Decoding checks types only (an unknown category, status, header format or button type
/// fails); Meta's rules are checked by ``validate()``, so every broken rule can be reported by
/// field. Values are pure: no I/O, nothing shared.
package struct MessageTemplate: Sendable, Equatable {
    /// Meta's name for the template, unique per language: lower-case letters, digits and `_`.
    package var name: String
    /// The language code Meta files the template under (`pt_BR`, `en_US`, `es`).
    package var language: String
    /// What the template is for.
    package var category: TemplateCategory
    /// Where the template is in Meta's review.
    package var status: TemplateStatus
    /// An optional header above the body.
    package var header: TemplateHeader?
    /// The message text.
    package var body: TemplateBody
    /// An optional line under the body, at most 60 characters, without variables.
    package var footer: String?
    /// Up to 10 buttons under the message.
    package var buttons: [TemplateButton]
    /// Whether Meta's copy of the template has components or buttons Sigilo does not model
    /// (a carousel, a one-time-password button…), set by ``init(meta:)``. Such a template is
    /// never ``isSendable``: a send built from this model would lack them and Meta would refuse
    /// it. Not part of the JSON: a template written through Sigilo's API never has any.
    package var hasUnsupportedComponents: Bool

    /// Creates a template.
    /// - Parameters:
    ///   - name: Meta's name for the template.
    ///   - language: The language code (`pt_BR`).
    ///   - category: What the template is for.
    ///   - status: Where it is in Meta's review; a new template is a draft.
    ///   - header: An optional header.
    ///   - body: The message text.
    ///   - footer: An optional footer line.
    ///   - buttons: Up to 10 buttons.
    ///   - hasUnsupportedComponents: Whether Meta's copy has parts this model lacks.
    package init(
        name: String,
        language: String,
        category: TemplateCategory,
        status: TemplateStatus = .draft,
        header: TemplateHeader? = nil,
        body: TemplateBody,
        footer: String? = nil,
        buttons: [TemplateButton] = [],
        hasUnsupportedComponents: Bool = false
    ) {
        self.name = name
        self.language = language
        self.category = category
        self.status = status
        self.header = header
        self.body = body
        self.footer = footer
        self.buttons = buttons
        self.hasUnsupportedComponents = hasUnsupportedComponents
    }

    /// Whether Meta will accept a send of this template: approved, and fully modelled.
    /// Rendering works in any status, for previews.
    package var isSendable: Bool { status == .approved && !hasUnsupportedComponents }
}

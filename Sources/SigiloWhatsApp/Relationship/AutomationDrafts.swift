import Foundation
import SigiloCore
package import SigiloStore

/// The wire form of the messages Sigilo sends by itself: free text (menus, out-of-hours
/// replies, reminders) and approved templates (cadences, scheduled messages).
package enum AutomationDrafts {
    package static let text = TextDraftBuilder { body, origin in
        OutboxRepository.Draft(
            content: .text(body),
            templateCategory: nil,
            replyTo: nil,
            sentBy: nil,
            origin: origin
        ) { recipient, id in
            try request(.text(body: body, previewURL: false), to: recipient, id: id)
        }
    }

    package static let template = TemplateDraftBuilder { stored, arguments, origin in
        guard stored.template.isSendable else {
            throw TemplateRenderError(field: "template_id", reason: "a template Meta approved")
        }
        let rendered = try stored.template.render(
            header: arguments.header,
            body: arguments.body,
            buttons: arguments.buttons
        )
        let category = stored.template.category.rawValue
        let wire = OutboundMessage.Content.template(
            name: rendered.name,
            language: rendered.language,
            components: rendered.components
        )
        try OutboundMessage(to: .phone("5511999999999"), content: wire).validate()
        return OutboxRepository.Draft(
            content: MessageContent(
                type: "template",
                text: [rendered.headerText, rendered.bodyText].compactMap { $0 }.joined(separator: "\n"),
                template: MessageContent.Template(name: rendered.name, language: rendered.language, category: category)
            ),
            templateCategory: category,
            replyTo: nil,
            sentBy: nil,
            origin: origin
        ) { recipient, id in
            try request(wire, to: recipient, id: id)
        }
    }

    /// Our id rides in `biz_opaque_callback_data`, as for every send.
    private static func request(_ content: OutboundMessage.Content, to recipient: String, id: UUID) throws -> String {
        let message = OutboundMessage(
            to: .phone(recipient),
            content: content,
            callbackData: id.uuidString.lowercased()
        )
        return String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
    }
}

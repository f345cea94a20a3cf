import Foundation
import SigiloCore
import SigiloStore

/// One subject's export, written as JSON or HTML from the same pages.
struct SubjectExport: Sendable {
    static let schema = "sigilo.subject-export/v1"

    let dependencies: DSRExportController.Dependencies
    let tenant: UUID
    let request: DataSubjectRequest
    let contact: Contact

    private struct ConversationHead: Encodable {
        var id: String
        var source: String
        var status: String
        var createdAt: Date
        var closedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, source, status
            case createdAt = "created_at"
            case closedAt = "closed_at"
        }
    }

    private struct MessageView: Encodable {
        var id: String
        var direction: String
        var status: String
        var occurredAt: Date
        var content: MessageContent

        init(_ message: SubjectExportSource.ExportedMessage) {
            id = message.id.lowercasedString
            direction = message.direction
            status = message.status
            occurredAt = message.occurredAt
            content = message.content
        }

        enum CodingKeys: String, CodingKey {
            case id, direction, status, content
            case occurredAt = "occurred_at"
        }
    }

    private struct AccessView: Encodable {
        var seq: Int64
        var occurredAt: Date
        var actorKind: String
        var actorID: String
        var action: String
        var purpose: String
        var legalBasis: String

        init(_ access: SubjectExportSource.Access) {
            seq = access.seq
            occurredAt = access.occurredAt
            actorKind = access.actorKind
            actorID = access.actorID
            action = access.action
            purpose = access.purpose
            legalBasis = access.legalBasis
        }

        enum CodingKeys: String, CodingKey {
            case seq, action, purpose
            case occurredAt = "occurred_at"
            case actorKind = "actor_kind"
            case actorID = "actor_id"
            case legalBasis = "legal_basis"
        }
    }

    // MARK: JSON

    func writeJSON(to stream: inout ExportStream) async throws {
        try await stream.write("{")
        try await stream.member("schema", Self.schema, first: true)
        try await stream.member("generated_at", Date())
        try await stream.member("tenant_id", tenant.lowercasedString)
        try await stream.member("request", DSRView(request))
        try await stream.write(",\"subject\":{")
        try await stream.member("id", request.subject.lowercasedString, first: true)
        try await stream.member("contact", ContactView(contact))
        try await stream.write("},\"interactions\":[")
        var first = true
        try await forEachInteraction { interaction in
            try await stream.write(first ? "" : ",")
            first = false
            try await stream.json(InteractionView(interaction))
        }
        try await stream.write("]")
        try await stream.member("consents", try await consents())
        try await stream.member("requests", try await requests())
        try await stream.member("relationship", try await relationship())
        try await stream.write(",\"conversations\":[")
        let conversations = try await dependencies.source.conversations(contact: contact.id, tenant: tenant)
        for (index, conversation) in conversations.enumerated() {
            try await stream.write(index == 0 ? "" : ",")
            try await writeConversationJSON(conversation, to: &stream)
        }
        try await stream.write("],\"accesses\":[")
        first = true
        try await forEachAccess { access in
            try await stream.write(first ? "" : ",")
            first = false
            try await stream.json(AccessView(access))
        }
        try await stream.write("]")
        try await stream.member("recipients", try await recipients(of: conversations))
        try await stream.write("}")
    }

    private func writeConversationJSON(
        _ conversation: SubjectExportSource.ExportedConversation,
        to stream: inout ExportStream
    ) async throws {
        let head = ConversationHead(
            id: conversation.id.lowercasedString,
            source: conversation.source,
            status: conversation.status,
            createdAt: conversation.createdAt,
            closedAt: conversation.closedAt
        )
        // The head's members, then the messages.
        var encoded = String(decoding: try JSONEncoder.api.encode(head), as: UTF8.self)
        encoded.removeLast()
        try await stream.write(encoded + ",\"messages\":[")
        var first = true
        try await forEachMessage(of: conversation.id) { message in
            try await stream.write(first ? "" : ",")
            first = false
            try await stream.json(MessageView(message))
        }
        try await stream.write("]}")
    }

    // MARK: HTML

    func writeHTML(to stream: inout ExportStream) async throws {
        let subject = request.subject.lowercasedString
        try await stream.write(
            """
            <!DOCTYPE html>
            <html lang="pt-BR"><head><meta charset="utf-8"><title>Dados pessoais — \(subject)</title>
            <style>body{font-family:sans-serif;max-width:60em;margin:auto}table{border-collapse:collapse}\
            td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}</style></head><body>
            <h1>Seus dados pessoais (LGPD, art. 18)</h1>
            <p>Titular: \(subject). Gerado em \(Self.text(Date())). Pedido \(request.id.lowercasedString) \
            (\(request.kind.rawValue)), recebido em \(Self.text(request.receivedAt)).</p>
            <h2>Cadastro</h2><table>
            """
        )
        let fields: [(String, String?)] = [
            ("Nome", contact.fields.name),
            ("Telefones", contact.fields.phones.map(\.number).joined(separator: ", ")),
            ("E-mails", contact.fields.emails.map(\.address).joined(separator: ", ")),
            ("WhatsApp", contact.fields.whatsappID?.digits),
            ("Observações", contact.fields.notes),
            ("Etiquetas", contact.fields.tags.joined(separator: ", ")),
            ("Opt-in", contact.fields.optIn.rawValue),
        ]
        for (label, value) in fields {
            try await stream.write("<tr><th>\(label)</th><td>\(HTMLText.escape(value ?? ""))</td></tr>")
        }
        try await stream.write(
            "</table><h2>Interações</h2><table><tr><th>Quando</th><th>Tipo</th><th>Produto</th><th>Texto</th></tr>"
        )
        try await forEachInteraction { interaction in
            try await stream.write(
                "<tr><td>\(Self.text(interaction.fields.occurredAt))</td><td>\(interaction.fields.kind.rawValue)</td>"
                    + "<td>\(HTMLText.escape(interaction.fields.product ?? ""))</td>"
                    + "<td>\(HTMLText.escape(interaction.fields.text ?? ""))</td></tr>"
            )
        }
        try await stream.write(
            "</table><h2>Consentimentos</h2><table><tr><th>Quando</th><th>Finalidade</th><th>Situação</th><th>Base legal</th><th>Canal</th></tr>"
        )
        for consent in try await consents() {
            try await stream.write(
                "<tr><td>\(Self.text(consent.occurredAt))</td><td>\(consent.purpose)</td><td>\(consent.status)</td>"
                    + "<td>\(consent.legalBasis)</td><td>\(HTMLText.escape(consent.channel))</td></tr>"
            )
        }
        try await stream.write(
            "</table><h2>Pedidos</h2><table><tr><th>Recebido</th><th>Tipo</th><th>Situação</th><th>Prazo</th></tr>"
        )
        for item in try await requests() {
            try await stream.write(
                "<tr><td>\(Self.text(item.receivedAt))</td><td>\(item.kind)</td><td>\(item.status)</td>"
                    + "<td>\(Self.text(item.dueAt))</td></tr>"
            )
        }
        try await stream.write("</table><h2>Conversas</h2>")
        let conversations = try await dependencies.source.conversations(contact: contact.id, tenant: tenant)
        for conversation in conversations {
            try await stream.write(
                "<h3>\(conversation.source) \(conversation.id.lowercasedString) (\(conversation.status))</h3>"
                    + "<table><tr><th>Quando</th><th>De</th><th>Tipo</th><th>Conteúdo</th></tr>"
            )
            try await forEachMessage(of: conversation.id) { message in
                let from = message.direction == "inbound" ? "Você" : "Empresa"
                let body = message.content.text ?? message.content.media?.caption ?? ""
                try await stream.write(
                    "<tr><td>\(Self.text(message.occurredAt))</td><td>\(from)</td><td>\(message.content.type)</td>"
                        + "<td>\(HTMLText.escape(body))</td></tr>"
                )
            }
            try await stream.write("</table>")
        }
        try await writeRelationshipHTML(to: &stream)
        try await stream.write(
            "<h2>Acessos aos seus dados</h2><table><tr><th>Quando</th><th>Quem</th><th>O quê</th><th>Finalidade</th><th>Base legal</th></tr>"
        )
        try await forEachAccess { access in
            try await stream.write(
                "<tr><td>\(Self.text(access.occurredAt))</td><td>\(access.actorKind) \(HTMLText.escape(access.actorID))</td>"
                    + "<td>\(HTMLText.escape(access.action))</td><td>\(HTMLText.escape(access.purpose))</td>"
                    + "<td>\(HTMLText.escape(access.legalBasis))</td></tr>"
            )
        }
        try await stream.write("</table><h2>Com quem compartilhamos</h2><ul>")
        for recipient in try await recipients(of: conversations) {
            try await stream.write(
                "<li>\(HTMLText.escape(recipient.name)): \(HTMLText.escape(recipient.purpose))"
                    + (recipient.internationalTransfer ? " (transferência internacional)" : "") + "</li>"
            )
        }
        try await stream.write("</ul></body></html>\n")
    }

    // MARK: Pages

    private func forEachInteraction(_ body: (Interaction) async throws -> Void) async throws {
        var before: UUID?
        while true {
            let page = try await dependencies.interactions.list(
                tenant: tenant,
                contact: contact.id,
                before: before,
                limit: 100
            )
            for interaction in page { try await body(interaction) }
            guard page.count == 100, let last = page.last else { return }
            before = last.id
        }
    }

    private func forEachMessage(
        of conversation: UUID,
        _ body: (SubjectExportSource.ExportedMessage) async throws -> Void
    ) async throws {
        var after: (occurredAt: Date, id: UUID)?
        while true {
            let page = try await dependencies.source.messages(
                conversation: conversation,
                tenant: tenant,
                after: after,
                limit: DSRExportController.pageSize
            )
            for message in page { try await body(message) }
            guard page.count == DSRExportController.pageSize, let last = page.last else { return }
            after = (last.occurredAt, last.id)
        }
    }

    private func forEachAccess(_ body: (SubjectExportSource.Access) async throws -> Void) async throws {
        var after: Int64 = 0
        while true {
            let page = try await dependencies.source.accesses(
                subject: request.subject,
                tenant: tenant,
                after: after,
                limit: DSRExportController.pageSize
            )
            for access in page { try await body(access) }
            guard page.count == DSRExportController.pageSize, let last = page.last else { return }
            after = last.seq
        }
    }

    private func consents() async throws -> [ConsentView] {
        try await dependencies.source.consents(contact: contact.id, tenant: tenant).map(ConsentView.init)
    }

    private func requests() async throws -> [DSRView] {
        try await dependencies.source.requests(subject: request.subject, tenant: tenant).map { DSRView($0) }
    }

    /// Who received the subject's data: by their conversations' sources, and the AI provider
    /// (source `ai`) when a call about them was made.
    private func recipients(
        of conversations: [SubjectExportSource.ExportedConversation]
    ) async throws -> [DSRExportController.DataRecipient] {
        var sources = Set(conversations.map(\.source))
        if try await dependencies.source.sentToAI(subject: request.subject, tenant: tenant) { sources.insert("ai") }
        return dependencies.recipients.filter { recipient in recipient.whenSource.map(sources.contains) ?? true }
    }

    private static func text(_ date: Date) -> String { date.formatted(.iso8601) }
}

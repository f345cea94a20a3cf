import Foundation
import HTTPTypes
import Hummingbird
import SigiloCore
package import SigiloStore

/// `GET /dsr/{id}/export` (permission `dsr:manage`): everything held about the subject of an
/// access or portability request (LGPD Art. 18 II, V), as one JSON document
/// (`sigilo.subject-export/v1`, docs/lgpd.md) or, with `?format=html`, a page a person can
/// read. Streamed page by page; the export is audited before the first byte leaves.
package struct DSRExportController: Sendable {
    package struct Dependencies: Sendable {
        package var requests: DSRRepository
        package var contacts: ContactRepository
        package var interactions: InteractionRepository
        package var source: SubjectExportSource
        /// Third parties that receive personal data, for the "sharing" part (Art. 18 VII).
        package var recipients: [DataRecipient]

        package init(
            requests: DSRRepository,
            contacts: ContactRepository,
            interactions: InteractionRepository,
            source: SubjectExportSource,
            recipients: [DataRecipient]
        ) {
            self.requests = requests
            self.contacts = contacts
            self.interactions = interactions
            self.source = source
            self.recipients = recipients
        }
    }

    /// A third party that receives personal data from Sigilo.
    package struct DataRecipient: Encodable, Sendable {
        package var name: String
        package var role: String
        package var purpose: String
        package var data: [String]
        package var internationalTransfer: Bool
        /// Which conversations' sources reach it (`whatsapp`), or nil for every subject.
        package var whenSource: String?

        package init(
            name: String,
            role: String,
            purpose: String,
            data: [String],
            internationalTransfer: Bool,
            whenSource: String?
        ) {
            self.name = name
            self.role = role
            self.purpose = purpose
            self.data = data
            self.internationalTransfer = internationalTransfer
            self.whenSource = whenSource
        }

        enum CodingKeys: String, CodingKey {
            case name, role, purpose, data
            case internationalTransfer = "international_transfer"
        }

        /// Meta, for every subject with WhatsApp conversations.
        package static let meta = DataRecipient(
            name: "Meta Platforms, Inc. (WhatsApp Business Cloud API)",
            role: "operator",
            purpose: "delivering and receiving WhatsApp messages",
            data: ["whatsapp_id", "profile_name", "message_content", "media"],
            internationalTransfer: true,
            whenSource: "whatsapp"
        )
    }

    private let dependencies: Dependencies
    private let access: AuditedAccess

    package init(_ dependencies: Dependencies, access: AuditedAccess) {
        self.dependencies = dependencies
        self.access = access
    }

    /// Messages and audit events read per page.
    static let pageSize = 500

    package func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/dsr/{id}/export",
            use: access.handler(
                .dsrManage,
                records: LGPDAudit.action("dsr.export", resourceType: "dsr_request", purpose: "data_subject_rights")
            ) { request, context, identity in
                let id = try context.pathID()
                let html: Bool
                switch request.uri.queryParameters.get("format") ?? "json" {
                case "json": html = false
                case "html": html = true
                default: throw APIError.invalidField("format", expected: "json or html")
                }
                let tenant = identity.tenantID
                guard let found = try await dependencies.requests.find(id, tenant: tenant) else {
                    throw APIError.notFound
                }
                guard found.kind == .access || found.kind == .portability else {
                    throw APIError(
                        .conflict,
                        code: "not_an_export",
                        message: "The request is of kind \(found.kind.rawValue); exports answer access and "
                            + "portability requests."
                    )
                }
                guard found.status != .rejected else {
                    throw APIError(
                        .conflict,
                        code: "request_closed",
                        message: "The request was rejected; nothing is exported for it."
                    )
                }
                guard let contactID = found.contact,
                    case .contact(let contact)? = try await dependencies.contacts.find(tenant: tenant, id: contactID)
                else {
                    throw APIError(.conflict, code: "already_erased", message: "The subject's data has been erased.")
                }
                let export = SubjectExport(
                    dependencies: dependencies,
                    tenant: tenant,
                    request: found,
                    contact: contact
                )
                let name = "sigilo-export-\(found.subject.lowercasedString).\(html ? "html" : "json")"
                let response = Response(
                    status: .ok,
                    headers: [
                        .contentType: html ? "text/html; charset=utf-8" : "application/json; charset=utf-8",
                        .contentDisposition: "attachment; filename=\"\(name)\"",
                        .cacheControl: "no-store",
                    ],
                    body: ResponseBody { writer in
                        var stream = ExportStream(writer)
                        if html {
                            try await export.writeHTML(to: &stream)
                        } else {
                            try await export.writeJSON(to: &stream)
                        }
                        try await stream.finish()
                    }
                )
                return (
                    response,
                    AuditedAccess.Touched(
                        resourceID: id.lowercasedString,
                        subjectID: found.subject.lowercasedString,
                        details: ["format": html ? "html" : "json"]
                    )
                )
            }
        )
    }
}

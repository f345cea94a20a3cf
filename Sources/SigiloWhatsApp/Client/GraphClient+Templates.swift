import Foundation
package import Logging
import NIOHTTP1
package import SigiloCore

extension GraphClient {
    /// Most pages read in one sync: 100 templates a page, so 10,000 templates, above Meta's
    /// 6,000 per WABA. More means a cursor loop.
    static let maximumTemplatePages = 100

    /// Reads every template of a WhatsApp Business Account
    /// (`GET /{waba-id}/message_templates`), page after page.
    ///
    /// Pages are followed by their `after` cursor (`paging.cursors.after`, or the `after` of
    /// `paging.next`) until a page has no `next`; Meta's `next` address itself is never
    /// requested, as it may carry an access token in its query. A template that does not
    /// decode is skipped and counted in a log line, so one odd template does not fail a sync.
    /// - Parameters:
    ///   - wabaID: The WhatsApp Business Account id.
    ///   - token: An access token with `whatsapp_business_management`.
    ///   - logger: The caller's logger.
    /// - Returns: The templates in Meta's shape, with id, status and category; convert each
    ///   with ``SigiloCore/MessageTemplate/init(meta:)``.
    /// - Throws: ``GraphCallError``; `malformed_response` past ``maximumTemplatePages``.
    package func templates(
        wabaID: String,
        token: String,
        logger: Logger
    ) async throws(GraphCallError)
        -> [MetaTemplate]
    {
        var templates: [MetaTemplate] = []
        var skipped = 0
        var cursor: String?
        for _ in 0..<Self.maximumTemplatePages {
            var query = [("fields", "name,status,category,language,components,parameter_format"), ("limit", "100")]
            if let cursor { query.append(("after", cursor)) }
            let answer = try await perform(
                .GET,
                url: url([wabaID, "message_templates"], query: query),
                token: token,
                operation: "templates",
                logger: logger
            )
            let page = try answer.decode(TemplatePage.self)
            templates += page.data.compactMap(\.template)
            skipped += page.data.count { $0.template == nil }
            guard let next = page.nextCursor, next != cursor else {
                if skipped > 0 {
                    logger.notice(
                        "graph templates skipped",
                        metadata: ["whatsapp.operation": "templates", "sigilo.skipped": "\(skipped)"]
                    )
                }
                return templates
            }
            cursor = next
        }
        throw .malformedResponse
    }

    /// Submits a template for Meta's review (`POST /{waba-id}/message_templates`).
    /// - Parameters:
    ///   - template: The template in Meta's shape, usually
    ///     ``SigiloCore/MessageTemplate/metaCreationPayload``.
    ///   - wabaID: The WhatsApp Business Account id.
    ///   - token: An access token with `whatsapp_business_management`.
    ///   - logger: The caller's logger.
    /// - Returns: Meta's id, the review status and the category Meta assigned.
    /// - Throws: ``GraphCallError``.
    package func submitTemplate(
        _ template: MetaTemplate,
        wabaID: String,
        token: String,
        logger: Logger
    ) async throws(GraphCallError) -> TemplateSubmission {
        var creation = template
        creation.id = nil
        creation.status = nil
        let body: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = try encoder.encode(creation)
        } catch {
            throw .invalidMessage(field: "template", reason: "encodable as JSON")
        }
        let answer = try await perform(
            .POST,
            url: url([wabaID, "message_templates"]),
            body: body,
            token: token,
            operation: "submit_template",
            logger: logger
        )
        let wire = try answer.decode(SubmissionResponse.self)
        return TemplateSubmission(id: wire.id, status: wire.status, category: wire.category)
    }
}

/// `{"data":[…],"paging":{"cursors":{"before":"…","after":"…"},"next":"…"}}`.
private struct TemplatePage: Decodable {
    var data: [LenientTemplate]
    var paging: Paging?

    struct Paging: Decodable {
        var cursors: Cursors?
        var next: String?
    }

    struct Cursors: Decodable {
        var after: String?
    }

    /// The cursor of the next page, or `nil` on the last page (which has no `next`).
    var nextCursor: String? {
        guard let next = paging?.next, !next.isEmpty else { return nil }
        if let after = paging?.cursors?.after, !after.isEmpty { return after }
        return URLComponents(string: next)?.queryItems?.first { $0.name == "after" }?.value
    }
}

/// A template that decodes, or `nil` for one that does not.
private struct LenientTemplate: Decodable {
    var template: MetaTemplate?

    init(from decoder: any Decoder) throws {
        template = try? MetaTemplate(from: decoder)
    }
}

/// `{"id":"…","status":"PENDING","category":"UTILITY"}`.
private struct SubmissionResponse: Decodable {
    var id: String
    var status: String
    var category: String?
}

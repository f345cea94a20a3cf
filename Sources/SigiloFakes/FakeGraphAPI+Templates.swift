import Foundation
import Synchronization

extension FakeGraphAPI {
    /// Seeds a template (tests, the dev command) and returns its id.
    ///
    /// - Parameters:
    ///   - wabaID: The WhatsApp Business Account owning it.
    ///   - name: `[a-z0-9_]` name.
    ///   - language: Language code, e.g. `pt_BR`.
    ///   - category: `MARKETING`, `UTILITY` or `AUTHENTICATION`.
    ///   - bodyText: The BODY text with `{{1}}`… placeholders.
    ///   - status: `APPROVED` by default.
    @discardableResult
    package func addTemplate(
        wabaID: String,
        name: String,
        language: String = "pt_BR",
        category: String = "UTILITY",
        bodyText: String,
        status: String = "APPROVED"
    ) -> String {
        let components: MetaJSON = [["type": "BODY", "text": .string(bodyText)]]
        return state.withLock { state in
            let id = String(1_627_019_861_000_000 + state.nextSerial())
            state.templates.append(
                Template(
                    id: id,
                    wabaID: wabaID,
                    name: name,
                    language: language,
                    status: status,
                    category: category,
                    components: components,
                    parameterFormat: "POSITIONAL"
                )
            )
            return id
        }
    }

    /// Changes a template's status (`APPROVED`, `REJECTED`, `PAUSED`, …) and, when a webhook URL is
    /// set, POSTs the `message_template_status_update` webhook. Returns false for an unknown template.
    @discardableResult
    package func setTemplateStatus(name: String, language: String, status: String) -> Bool {
        let updated: Template? = state.withLock { state in
            guard let index = state.templates.firstIndex(where: { $0.name == name && $0.language == language })
            else { return nil }
            state.templates[index].status = status
            return state.templates[index]
        }
        guard let updated else { return false }
        deliverInBackground(WebhookEnvelope.templateStatus(updated, time: state.withLock { $0.now }))
        return true
    }

    /// `GET /{waba-id}/message_templates?fields=…&limit=N&after=<cursor>`, paginated by index cursors.
    func listTemplates(wabaID: String, query: [String: String]) -> GraphReply {
        let all = state.withLock { $0.templates.filter { $0.wabaID == wabaID } }
        let limit = max(1, min(Int(query["limit"] ?? "") ?? 25, 1000))
        let start = query["after"].flatMap(Self.decodeCursor).map { $0 + 1 } ?? 0
        guard start <= all.count else { return .invalidParameter("Invalid cursor.") }
        let page = all[start..<min(start + limit, all.count)]
        let fields = query["fields"].map { Set($0.split(separator: ",").map { String($0) }) }
        var paging: [(String, MetaJSON)] = []
        if let first = page.indices.first, let last = page.indices.last {
            paging.append(("cursors", ["before": .string(Self.cursor(first)), "after": .string(Self.cursor(last))]))
            if last + 1 < all.count {
                var next = "\(baseURL)/\(wabaID)/message_templates?limit=\(limit)&after=\(Self.cursor(last))"
                if let requested = query["fields"] { next += "&fields=\(requested)" }
                paging.append(("next", .string(next)))
            }
        }
        return .json(["data": .array(page.map { $0.listing(fields: fields) }), "paging": .object(paging)])
    }

    /// `POST /{waba-id}/message_templates`: a new template, `PENDING`.
    func createTemplate(wabaID: String, body: Data) -> GraphReply {
        guard let json = try? MetaJSON.parse(body) else { return .invalidParameter("The request body is not JSON.") }
        guard let name = json["name"]?.string, (1...512).contains(name.utf8.count),
            name.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 95 })
        else { return .invalidParameter("Param name must contain only lowercase letters, digits and underscores.") }
        guard let category = json["category"]?.string, ["MARKETING", "UTILITY", "AUTHENTICATION"].contains(category)
        else { return .invalidParameter("Param category must be one of MARKETING, UTILITY, AUTHENTICATION.") }
        guard let language = json["language"]?.string, !language.isEmpty else {
            return .invalidParameter("The parameter language is required.")
        }
        guard let components = json["components"], components.array != nil else {
            return .invalidParameter("The parameter components is required.")
        }
        return state.withLock { state in
            if state.templates.contains(where: { $0.wabaID == wabaID && $0.name == name && $0.language == language }) {
                return .graphError(
                    status: 400,
                    code: 100,
                    title: "Invalid parameter",
                    details: "Message template \"\(name)\" already exists in \(language).",
                    subcode: 2_388_024
                )
            }
            let id = String(1_627_019_861_000_000 + state.nextSerial())
            let format = json["parameter_format"]?.string ?? "POSITIONAL"
            state.templates.append(
                Template(
                    id: id,
                    wabaID: wabaID,
                    name: name,
                    language: language,
                    status: "PENDING",
                    category: category,
                    components: components,
                    parameterFormat: format
                )
            )
            return .json(["id": .string(id), "status": "PENDING", "category": .string(category)])
        }
    }

    /// An opaque cursor (unpadded base64 of the index, safe in a query string).
    private static func cursor(_ index: Int) -> String {
        Data("idx:\(index)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    private static func decodeCursor(_ cursor: String) -> Int? {
        let padded = cursor + String(repeating: "=", count: (4 - cursor.count % 4) % 4)
        guard let data = Data(base64Encoded: padded) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return text.hasPrefix("idx:") ? Int(text.dropFirst(4)) : nil
    }
}

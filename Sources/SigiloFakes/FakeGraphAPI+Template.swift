import Foundation

extension FakeGraphAPI {
    /// A message template in the fake's store, per WABA.
    package struct Template: Sendable {
        package var id: String
        package var wabaID: String
        package var name: String
        /// Language code, e.g. `pt_BR`.
        package var language: String
        /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED` or `DISABLED`.
        package var status: String
        /// `MARKETING`, `UTILITY` or `AUTHENTICATION`.
        package var category: String
        /// The components as created (`[{"type":"BODY","text":"Olá {{1}}"}]`).
        package var components: MetaJSON
        package var parameterFormat: String

        /// The number of distinct `{{…}}` placeholders of the BODY component: the body parameters a
        /// send must supply (132000 otherwise).
        var bodyParameterCount: Int {
            let body = (components.array ?? []).first { $0["type"]?.string?.uppercased() == "BODY" }
            guard let text = body?["text"]?.string else { return 0 }
            var names: Set<Substring> = []
            var rest = text[...]
            while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                names.insert(rest[open.upperBound..<close.lowerBound])
                rest = rest[close.upperBound...]
            }
            return names.count
        }

        /// The template as `GET message_templates` lists it, limited to `fields` (all when nil).
        func listing(fields: Set<String>?) -> MetaJSON {
            let all: [(String, MetaJSON)] = [
                ("name", .string(name)), ("parameter_format", .string(parameterFormat)),
                ("components", components), ("language", .string(language)), ("status", .string(status)),
                ("category", .string(category)), ("id", .string(id)),
            ]
            return .object(all.filter { fields?.contains($0.0) ?? true || $0.0 == "id" })
        }
    }
}

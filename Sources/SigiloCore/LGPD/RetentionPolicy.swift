package import Foundation

/// `policies/retention.json` (LGPD Arts. 15, 16): how long each category of data is kept and
/// what happens after: deleted, or anonymised (its personal free text removed, the facts kept
/// for reports).
package struct RetentionPolicy: Sendable, Equatable {
    /// What a rule applies to.
    package enum Category: String, Sendable, CaseIterable, Codable {
        /// Messages, by when they were sent or received.
        case messages
        /// Conversations closed that long ago, with their messages.
        case closedConversations = "closed_conversations"
        /// Interactions (purchases, touches), by when they happened.
        case interactions
        /// Processed raw webhook bodies, by when they were processed.
        case webhookBodies = "webhook_bodies"
        /// Data-subject requests closed that long ago (those with an erasure receipt are kept).
        case closedRequests = "closed_requests"

        /// The actions that make sense for the category.
        package var actions: [Action] {
            switch self {
            case .interactions: [.delete, .anonymise]
            default: [.delete]
            }
        }
    }

    package enum Action: String, Sendable, Codable {
        case delete, anonymise
    }

    package struct Rule: Sendable, Equatable {
        package var category: Category
        package var days: Int
        package var action: Action

        package init(category: Category, days: Int, action: Action) {
            self.category = category
            self.days = days
            self.action = action
        }

        /// Data older than this, at `now`, is due.
        package func cutoff(at now: Date) -> Date {
            now.addingTimeInterval(-Double(days) * 86400)
        }
    }

    package struct Invalid: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    package var rules: [Rule]

    package init(rules: [Rule]) {
        self.rules = rules
    }

    private struct File: Decodable {
        var version: Int
        var categories: [String: Entry]

        struct Entry: Decodable {
            var days: Int
            var action: String
        }
    }

    /// Parses and checks the file: version 1, known categories, each with an action it allows
    /// and a period of 1 to 36,500 days.
    package init(json: Data) throws(Invalid) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw Invalid(description: "retention.json is not valid JSON of the documented shape")
        }
        guard file.version == 1 else { throw Invalid(description: "retention.json: version must be 1") }
        var rules: [Rule] = []
        for (name, entry) in file.categories.sorted(by: { $0.key < $1.key }) {
            guard let category = Category(rawValue: name) else {
                throw Invalid(description: "retention.json: unknown category \(name)")
            }
            guard let action = Action(rawValue: entry.action), category.actions.contains(action) else {
                let allowed = category.actions.map(\.rawValue).joined(separator: " or ")
                throw Invalid(description: "retention.json: \(name) takes action \(allowed)")
            }
            guard (1...36_500).contains(entry.days) else {
                throw Invalid(description: "retention.json: \(name) needs days from 1 to 36500")
            }
            rules.append(Rule(category: category, days: entry.days, action: action))
        }
        self.rules = rules
    }
}

import Foundation

/// The first-message menu: its text, and which option a customer's answer picks.
package enum MenuChoice {
    /// The prompt followed by one line per option: `1 - Vendas`.
    package static func text(prompt: String, options: [(key: String, name: String)]) -> String {
        ([prompt] + options.map { "\($0.key) - \($0.name)" }).joined(separator: "\n")
    }

    /// The option whose key or name the answer gives, ignoring case, accents, spaces and
    /// surrounding punctuation (`" 2. "`, `"Suporte"`, `"suporte!"`); nil for anything else.
    package static func match<ID>(_ answer: String, options: [(id: ID, key: String, name: String)]) -> ID? {
        let said = folded(answer)
        guard !said.isEmpty else { return nil }
        return options.first { folded($0.key) == said }?.id ?? options.first { folded($0.name) == said }?.id
    }

    static func folded(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        return trimmed.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }
}

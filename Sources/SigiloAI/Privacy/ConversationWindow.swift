/// Chooses which part of a conversation goes to the model: the newest messages only
/// (minimisation, LGPD Art. 6 III, and the model's context size).
package enum ConversationWindow {
    /// The last `count` messages, then fewer while their content exceeds `characterBudget`.
    ///
    /// The newest message is always kept; if it alone exceeds the budget, its last
    /// `characterBudget` characters are kept.
    /// - Parameters:
    ///   - messages: The conversation, oldest first.
    ///   - count: The most messages kept.
    ///   - characterBudget: The most characters of content kept, if limited.
    /// - Returns: A suffix of `messages`, oldest first.
    package static func last(_ messages: [ChatMessage], count: Int, characterBudget: Int? = nil) -> [ChatMessage] {
        var kept = Array(messages.suffix(max(0, count)))
        guard let budget = characterBudget, let newest = kept.last else { return kept }
        var total = kept.reduce(0) { $0 + $1.content.count }
        while total > budget, kept.count > 1 {
            total -= kept.removeFirst().content.count
        }
        if total > budget {
            kept[0] = ChatMessage(role: newest.role, content: String(newest.content.suffix(max(0, budget))))
        }
        return kept
    }
}

import Foundation

/// When the AI leaves a conversation to people.
package enum HandOffRules {
    /// Below this confidence the model is taken as unsure.
    package static let minimumConfidence = 0.5

    /// The reason to hand off, or nil to send the model's answer: the customer asked for a
    /// person, was negative, or the model asked for a person, gave no answer or was unsure.
    package static func reason(customerText: String, answer: AutoAnswer?) -> String? {
        if asksForPerson(customerText) { return "customer_asked" }
        guard let answer else { return "model_unsure" }
        if answer.sentiment?.label == .negative { return "negative_sentiment" }
        if answer.handoff { return "model_asked" }
        guard let reply = answer.reply, !reply.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return "model_unsure"
        }
        if let confidence = answer.confidence, confidence < minimumConfidence { return "model_unsure" }
        return nil
    }

    /// Whether the customer asks to talk to a person ("quero falar com um atendente",
    /// "pessoa de verdade", "humano", "talk to a human"), checked before any model is asked.
    package static func asksForPerson(_ text: String) -> Bool {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        let phrases = [
            "atendente", "humano", "humana", "pessoa de verdade", "falar com uma pessoa", "falar com alguem",
            "falar com um gerente", "falar com o gerente", "operador", "human", "real person",
        ]
        return phrases.contains { folded.contains($0) }
    }
}

import Foundation

/// The instructions the model gets, built from the tenant's business text only (the
/// conversation itself follows, minimised). Portuguese by default; tuned so an automatic
/// answer can be sent as it is: short, no invented facts, no prices or promises not given.
package enum CopilotPrompt {
    /// What the tenant tells the model about itself and its canned answers.
    package struct Business: Sendable {
        package var name: String
        package var description: String?
        /// Quick replies (title and text): facts the business already states.
        package var quickReplies: [(title: String, body: String)]
        /// The contact's recent purchases and touches, without personal data
        /// (`"2026-11-02: compra — Plano Anual, BRL 1200.00"`).
        package var interactions: [String]

        package init(
            name: String,
            description: String?,
            quickReplies: [(title: String, body: String)] = [],
            interactions: [String] = []
        ) {
            self.name = name
            self.description = description
            self.quickReplies = quickReplies
            self.interactions = interactions
        }
    }

    private static func context(_ business: Business) -> String {
        var lines = ["Você atende clientes da empresa \(business.name) pelo WhatsApp."]
        if let description = business.description { lines.append("Sobre a empresa: \(description)") }
        if !business.quickReplies.isEmpty {
            lines.append("Respostas padrão da empresa (fatos que você pode usar):")
            lines += business.quickReplies.prefix(20).map { "- \($0.title): \($0.body)" }
        }
        if !business.interactions.isEmpty {
            lines.append("Histórico recente deste cliente:")
            lines += business.interactions.prefix(10).map { "- \($0)" }
        }
        lines.append(
            """
            Dados pessoais aparecem como marcadores entre colchetes, como [NOME_1] ou [TELEFONE_1]; \
            use os mesmos marcadores quando precisar deles e nunca invente os valores.
            """
        )
        return lines.joined(separator: "\n")
    }

    /// The automatic answer: the reply to send, or a hand-off.
    package static func autoAnswer(_ business: Business) -> String {
        context(business) + "\n" + """
            Escreva a próxima resposta da empresa, em português (ou no idioma do cliente), curta \
            (até 3 frases), cordial, pronta para enviar como está. Não invente fatos, preços, prazos \
            ou promessas que não estejam acima. Se não souber, se o cliente pedir uma pessoa, ou se \
            ele estiver insatisfeito, não responda: peça a transferência para um atendente.
            Responda só com um objeto JSON: {"reply": "texto", "handoff": false, "confidence": 0.0 a 1.0, \
            "sentiment": "positive" | "neutral" | "negative", "sentiment_score": 0.0 a 1.0} \
            (sentiment: da última mensagem do cliente; handoff true quando um atendente deve assumir).
            """
    }

    /// Up to three drafts an agent may pick from.
    package static func suggestions(_ business: Business) -> String {
        context(business) + "\n" + """
            Sugira até 3 respostas diferentes que o atendente pode enviar agora, em português, curtas, \
            sem inventar fatos, preços ou prazos. Responda só com um objeto JSON: \
            {"suggestions": ["…", "…"], "sentiment": "positive" | "neutral" | "negative", "sentiment_score": 0.0 a 1.0}.
            """
    }

    /// A summary of the conversation for the agent who takes it over.
    package static func summary(_ business: Business) -> String {
        context(business) + "\n" + """
            Resuma a conversa para o atendente que vai assumir: o que o cliente quer, o que já foi \
            respondido e o que falta, em até 5 linhas, em português. Responda só com um objeto JSON: \
            {"summary": "…"}.
            """
    }
}

/// The model's automatic answer.
package struct AutoAnswer: Decodable, Sendable, Equatable {
    package var reply: String?
    package var handoff: Bool
    package var confidence: Double?
    package var sentiment: Sentiment?

    enum CodingKeys: String, CodingKey {
        case reply, handoff, confidence, sentiment
        case sentimentScore = "sentiment_score"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reply = try? container.decodeIfPresent(String.self, forKey: .reply)
        handoff = (try? container.decodeIfPresent(Bool.self, forKey: .handoff)) ?? false
        confidence = try? container.decodeIfPresent(Double.self, forKey: .confidence)
        sentiment = Sentiment(
            label: try? container.decodeIfPresent(String.self, forKey: .sentiment),
            score: try? container.decodeIfPresent(Double.self, forKey: .sentimentScore)
        )
    }
}

/// Drafts for an agent.
package struct SuggestedReplies: Decodable, Sendable, Equatable {
    package var suggestions: [String]
    package var sentiment: Sentiment?

    enum CodingKeys: String, CodingKey {
        case suggestions, sentiment
        case sentimentScore = "sentiment_score"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        suggestions = (try container.decode([String].self, forKey: .suggestions))
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        sentiment = Sentiment(
            label: try? container.decodeIfPresent(String.self, forKey: .sentiment),
            score: try? container.decodeIfPresent(Double.self, forKey: .sentimentScore)
        )
    }
}

/// A conversation's summary.
package struct ConversationSummary: Decodable, Sendable, Equatable {
    package var summary: String
}

/// The sentiment the model read: positive, neutral or negative, with a score from 0 to 1.
package struct Sentiment: Sendable, Equatable {
    package enum Label: String, Sendable {
        case positive, neutral, negative
    }

    package var label: Label
    package var score: Double

    /// Nil unless `label` is one of the three.
    package init?(label: String?, score: Double?) {
        guard let label, let parsed = Label(rawValue: label.lowercased()) else { return nil }
        self.label = parsed
        self.score = min(max(score ?? 0.5, 0), 1)
    }
}

/// Replaces personal data in conversation text with placeholders before it reaches a model,
/// and puts the values back into the model's answer (LGPD Art. 6 III and Art. 33: only what
/// the purpose needs leaves the country, here nothing that identifies the customer).
///
/// One minimiser per conversation: equal values get the same placeholder across all its
/// messages (`[NOME_1]`, `[TELEFONE_1]`, `[EMAIL_1]`, `[CPF_1]`, `[CNPJ_1]`, `[CARTAO_1]`,
/// `[ENDERECO_1]`, `[CEP_1]`). The mapping lives only in this value; it is never stored,
/// logged or sent. Detection is heuristic (docs/ai.md lists what is and is not caught).
///
/// Performance: every detector is a hand-written scan over one folded copy of the text
/// (``FoldedText``); a 2,000-character conversation takes a few tens of microseconds.
package struct PIIMinimiser: Sendable {
    private var names: NameScanner
    private let knownPhones: Set<[UInt8]>
    private var table = PseudonymTable()

    /// Creates a minimiser for one conversation.
    /// - Parameter known: What the CRM knows of the people in it (matched in any form).
    package init(known: KnownPersonalData = .none) {
        names = NameScanner(names: known.names)
        var phones: Set<[UInt8]> = []
        for phone in known.phones {
            var digits = phone.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }.map { $0 - 0x30 }
            if (12...13).contains(digits.count), digits[0] == 5, digits[1] == 5 { digits.removeFirst(2) }
            if digits.count >= 8 { phones.insert(digits) }
        }
        knownPhones = phones
    }

    /// Returns `text` with every personal value found replaced by its placeholder.
    /// - Parameter text: A message, a note, a CSV cell.
    package mutating func minimise(_ text: String) -> String {
        let folded = FoldedText(text)
        var spans: [PIISpan] = []
        EmailScanner.scan(folded, into: &spans)
        AddressScanner.scan(folded, into: &spans)
        NumberScanner.scan(folded, knownPhones: knownPhones, into: &spans)
        names.scan(folded, into: &spans)
        // A name introduced here is matched from now on, here too (also before its introduction).
        var learned = false
        for span in spans where span.introduced {
            learned = names.learn(span.key.split(separator: " ").map { Array($0.utf8) }) || learned
        }
        if learned {
            spans.removeAll { $0.kind == .name }
            names.scan(folded, into: &spans)
        }
        guard !spans.isEmpty else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(folded.bytes.count)
        var copied = 0
        for span in PIISpan.resolve(spans) {
            let start = folded.offsets[span.range.lowerBound]
            output.append(contentsOf: folded.bytes[copied..<start])
            let number = table.number(kind: span.kind, key: span.key, original: folded.original(span.range))
            output.append(contentsOf: PseudonymTable.placeholder(span.kind, number).utf8)
            copied = folded.offsets[span.range.upperBound]
        }
        output.append(contentsOf: folded.bytes[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    /// Minimises the content of every message (roles unchanged); a name introduced in one
    /// message is replaced in the following ones too.
    /// - Parameter messages: A conversation, oldest first.
    package mutating func minimise(_ messages: [ChatMessage]) -> [ChatMessage] {
        messages.map { ChatMessage(role: $0.role, content: minimise($0.content)) }
    }

    /// Puts the original values back into a model's answer.
    ///
    /// Tolerates what models do to placeholders: `[NOME_1]`, `[nome_1]`, `NOME_1`, `[NOME 1]`,
    /// `NOME_1]`, and accented labels (`[ENDEREÇO_1]`). Placeholders this conversation never
    /// issued are left as they are.
    /// - Parameter answer: The model's text.
    package func restore(_ answer: String) -> String {
        PlaceholderRestorer.restore(answer, table: table)
    }

    /// How many distinct values of each kind were replaced so far.
    package var replacedCounts: [PIIKind: Int] { table.counts }
}

import SigiloAI
import Testing

/// The CSV → JSONL conversion: a good file, broken rows named by line, too few examples.
@Suite("Fine-tuning CSV")
struct FineTuningCSVTests {
    /// A header and `count` single-turn rows.
    static func rows(_ count: Int) -> String {
        (1...count).map { "q\($0),\"Resposta \($0)\"\r\n" }.joined()
    }

    @Test("a good file: BOM, CRLF, quotes, doubled quotes, embedded newlines, conversations, PII minimised")
    func good() throws {
        let csv =
            "\u{FEFF}Conversation,Customer,Reply,System\r\n"
            + "c1,\"Oi, meu nome é Ana Souza\",\"Olá Ana Souza! Como posso ajudar?\",Seja cordial.\r\n"
            + "c1,\"Meu CPF é 529.982.247-25\nobrigada\",\"Anotei o CPF, \"\"Ana Souza\"\".\",\r\n"
            + "c2,Qual o prazo?,Até 5 dias úteis.,\r\n"
            + (3...10).map { "c\($0),Pergunta \($0),Resposta \($0),\r\n" }.joined()
        let dataset = try FineTuningCSV.convert(Array(csv.utf8))
        #expect(dataset.rows == 11)
        #expect(dataset.examples == 10)
        let lines = dataset.text.split(separator: "\n")
        #expect(lines.count == 10)
        #expect(
            lines[0]
                == #"{"messages":[{"role":"system","content":"Seja cordial."},{"role":"user","content":"Oi, meu nome é [NOME_1]"},"#
                + #"{"role":"assistant","content":"Olá [NOME_1]! Como posso ajudar?"},{"role":"user","content":"Meu CPF é [CPF_1]\nobrigada"},"#
                + #"{"role":"assistant","content":"Anotei o CPF, \"[NOME_1]\"."}]}"#
        )
        #expect(
            lines[1]
                == #"{"messages":[{"role":"user","content":"Qual o prazo?"},{"role":"assistant","content":"Até 5 dias úteis."}]}"#
        )
        #expect(!dataset.text.contains("529.982.247-25"))
        #expect(dataset.replacements == 2)
    }

    @Test("an empty reply on line 5 and a short row on line 8 are both reported, by line and column")
    func brokenRows() {
        var lines = ["customer,reply"] + (2...14).map { "pergunta \($0),resposta \($0)" }
        lines[4] = "pergunta 5,  "
        lines[7] = "só uma célula"
        let error = #expect(throws: FineTuningCSV.Failure.self) {
            try FineTuningCSV.convert(Array(lines.joined(separator: "\n").utf8))
        }
        #expect(
            error?.issues == [
                FineTuningCSVIssue(line: 5, column: "reply", problem: .emptyCell),
                FineTuningCSVIssue(line: 8, column: nil, problem: .wrongFieldCount(expected: 2, found: 1)),
            ]
        )
        #expect(error?.issues.first?.description == "line 5, column reply: empty_cell")
    }

    @Test("an unbalanced quote on line 7 is reported on line 7, even with quotes further down")
    func unbalancedQuote() {
        var lines = ["customer,reply"] + (2...14).map { "\"pergunta \($0)\",resposta \($0)" }
        lines[6] = "\"pergunta sem fim,resposta 7"
        let error = #expect(throws: FineTuningCSV.Failure.self) {
            try FineTuningCSV.convert(Array(lines.joined(separator: "\r\n").utf8))
        }
        #expect(error?.issues == [FineTuningCSVIssue(line: 7, column: nil, problem: .unbalancedQuote)])
    }

    @Test("unknown columns are named by position, missing ones by name; under 10 examples are refused")
    func headerAndCount() {
        let badHeader = #expect(throws: FineTuningCSV.Failure.self) {
            try FineTuningCSV.convert(Array(("pergunta,reply\n" + Self.rows(12)).utf8))
        }
        #expect(
            badHeader?.issues == [
                FineTuningCSVIssue(line: 1, column: "#1", problem: .unknownColumn),
                FineTuningCSVIssue(line: 1, column: "customer", problem: .missingColumn),
            ]
        )
        let few = #expect(throws: FineTuningCSV.Failure.self) {
            try FineTuningCSV.convert(Array(("customer,reply\n" + Self.rows(9)).utf8))
        }
        #expect(
            few?.issues == [FineTuningCSVIssue(line: nil, column: nil, problem: .tooFewExamples(found: 9, minimum: 10))]
        )
        #expect(throws: Never.self) { try FineTuningCSV.convert(Array(("customer,reply\n" + Self.rows(10)).utf8)) }
    }

    @Test("a cell over the limit is refused by line and column")
    func tooLong() {
        let csv = "customer,reply\n" + Self.rows(10) + "curta,\(String(repeating: "x", count: 30))\n"
        let error = #expect(throws: FineTuningCSV.Failure.self) {
            try FineTuningCSV.convert(Array(csv.utf8), options: .init(maximumCellLength: 20))
        }
        #expect(error?.issues == [FineTuningCSVIssue(line: 12, column: "reply", problem: .cellTooLong(limit: 20))])
    }
}

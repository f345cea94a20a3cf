extension FineTuningCSV {
    /// One training example: optional instructions and one or more customer/reply turns.
    struct Example {
        var system: String?
        var turns: [(customer: String, reply: String)]
    }

    /// Checks every row and groups them into examples by `conversation`, in file order.
    static func group(
        _ rows: [CSVReader.Record],
        names: [String],
        options: Options,
        issues: inout [FineTuningCSVIssue]
    ) -> [Example] {
        let customer = names.firstIndex(of: "customer")!
        let reply = names.firstIndex(of: "reply")!
        let conversation = names.firstIndex(of: "conversation")
        let system = names.firstIndex(of: "system")
        var examples: [Example] = []
        var byConversation: [String: Int] = [:]
        for row in rows {
            guard issues.count < options.maximumIssues else { break }
            guard row.fields.count == names.count else {
                issues.append(
                    FineTuningCSVIssue(
                        line: row.line,
                        column: nil,
                        problem: .wrongFieldCount(expected: names.count, found: row.fields.count)
                    )
                )
                continue
            }
            var valid = true
            for (index, cell) in row.fields.enumerated() where cell.count > options.maximumCellLength {
                issues.append(
                    FineTuningCSVIssue(
                        line: row.line,
                        column: names[index],
                        problem: .cellTooLong(limit: options.maximumCellLength)
                    )
                )
                valid = false
            }
            for index in [customer, reply] where row.fields[index].trimmingWhitespace().isEmpty {
                issues.append(FineTuningCSVIssue(line: row.line, column: names[index], problem: .emptyCell))
                valid = false
            }
            guard valid else { continue }
            let turn = (row.fields[customer].trimmingWhitespace(), row.fields[reply].trimmingWhitespace())
            let instructions = system.map { row.fields[$0].trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
            let key = conversation.map { row.fields[$0].trimmingWhitespace() } ?? ""
            if !key.isEmpty, let existing = byConversation[key] {
                examples[existing].turns.append(turn)
                if examples[existing].system == nil { examples[existing].system = instructions }
            } else {
                if !key.isEmpty { byConversation[key] = examples.count }
                examples.append(Example(system: instructions, turns: [turn]))
            }
        }
        return examples
    }
}

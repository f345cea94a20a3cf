/// Turns a CSV of past conversations into chat fine-tuning JSONL, with personal data
/// replaced by placeholders (``PIIMinimiser``) in every cell before anything leaves.
///
/// Columns (header required, names case-insensitive):
/// - `customer` (required): what the customer wrote.
/// - `reply` (required): what the agent answered.
/// - `conversation` (optional): rows with the same value, in file order, form one multi-turn
///   example; rows without one are an example each.
/// - `system` (optional): instructions for the example (the first non-empty one of a
///   conversation counts).
///
/// Problems are collected (up to ``Options/maximumIssues``), each naming its physical line
/// (the header is line 1) and column, never a cell's content.
package enum FineTuningCSV {
    /// Limits of a conversion.
    package struct Options: Sendable {
        /// Fewer examples are refused (OpenAI's minimum is 10).
        package var minimumExamples: Int
        /// The longest cell accepted, in characters.
        package var maximumCellLength: Int
        /// The most problems reported at once.
        package var maximumIssues: Int

        /// Creates options.
        package init(minimumExamples: Int = 10, maximumCellLength: Int = 8000, maximumIssues: Int = 20) {
            self.minimumExamples = minimumExamples
            self.maximumCellLength = maximumCellLength
            self.maximumIssues = maximumIssues
        }
    }

    /// Why a CSV was refused: every problem found, in order, capped.
    package struct Failure: Error, Sendable, Equatable {
        package var issues: [FineTuningCSVIssue]
    }

    static let columns = ["customer", "reply", "conversation", "system"]

    /// Converts `csv` to minimised JSONL.
    /// - Parameters:
    ///   - csv: The file's bytes (UTF-8, optional BOM).
    ///   - options: Limits.
    /// - Returns: The JSONL and its counts.
    /// - Throws: ``Failure`` with the problems found.
    package static func convert(_ csv: [UInt8], options: Options = Options()) throws(Failure) -> FineTuningDataset {
        let records: [CSVReader.Record]
        switch CSVReader.records(csv) {
        case .success(let read): records = read
        case .failure(.unbalancedQuote(let line)):
            throw Failure(issues: [FineTuningCSVIssue(line: line, column: nil, problem: .unbalancedQuote)])
        case .failure(.strayQuote(let line)):
            throw Failure(issues: [FineTuningCSVIssue(line: line, column: nil, problem: .strayQuote)])
        }
        guard let header = records.first else {
            throw Failure(issues: [FineTuningCSVIssue(line: nil, column: nil, problem: .missingHeader)])
        }
        let names = header.fields.map { $0.trimmingWhitespace().lowercased() }
        var issues = headerIssues(names, line: header.line)
        guard issues.isEmpty else { throw Failure(issues: Array(issues.prefix(options.maximumIssues))) }
        let rows = Array(records.dropFirst())
        let examples = group(rows, names: names, options: options, issues: &issues)
        if issues.isEmpty, examples.count < options.minimumExamples {
            issues.append(
                FineTuningCSVIssue(
                    line: nil,
                    column: nil,
                    problem: .tooFewExamples(found: examples.count, minimum: options.minimumExamples)
                )
            )
        }
        guard issues.isEmpty else { throw Failure(issues: Array(issues.prefix(options.maximumIssues))) }
        var jsonl: [UInt8] = []
        var replacements = 0
        for example in examples {
            var minimiser = PIIMinimiser()
            var messages: [ChatMessage] = []
            if let system = example.system { messages.append(.system(minimiser.minimise(system))) }
            for turn in example.turns {
                messages.append(.user(minimiser.minimise(turn.customer)))
                messages.append(.assistant(minimiser.minimise(turn.reply)))
            }
            replacements += minimiser.replacedCounts.values.reduce(0, +)
            JSONLWriter.append(messages, to: &jsonl)
        }
        return FineTuningDataset(jsonl: jsonl, rows: rows.count, examples: examples.count, replacements: replacements)
    }

    private static func headerIssues(_ names: [String], line: Int) -> [FineTuningCSVIssue] {
        var issues: [FineTuningCSVIssue] = []
        var seen: Set<String> = []
        for (index, name) in names.enumerated() {
            // The position, never the text: a first row of data would put a person's name here.
            let shown = "#\(index + 1)"
            if !columns.contains(name) {
                issues.append(FineTuningCSVIssue(line: line, column: shown, problem: .unknownColumn))
            } else if !seen.insert(name).inserted {
                issues.append(FineTuningCSVIssue(line: line, column: shown, problem: .duplicateColumn))
            }
        }
        for required in ["customer", "reply"] where !names.contains(required) {
            issues.append(FineTuningCSVIssue(line: line, column: required, problem: .missingColumn))
        }
        return issues
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line ends.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}

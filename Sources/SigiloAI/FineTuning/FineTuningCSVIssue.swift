/// One problem of a fine-tuning CSV, where a person finds it: the physical line (1-based,
/// the header is line 1) and the column. Never the cell's content.
package struct FineTuningCSVIssue: Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    package enum Problem: Sendable, Equatable {
        /// The file has no header line.
        case missingHeader
        /// A header names a column that is not documented.
        case unknownColumn
        /// A required column (`customer`, `reply`) is absent from the header.
        case missingColumn
        /// A column appears twice in the header.
        case duplicateColumn
        /// A required cell is empty.
        case emptyCell
        /// A quoted field never closes.
        case unbalancedQuote
        /// A quote where RFC 4180 allows none.
        case strayQuote
        /// A row has more or fewer cells than the header.
        case wrongFieldCount(expected: Int, found: Int)
        /// A cell is longer than the limit (characters).
        case cellTooLong(limit: Int)
        /// Fewer examples than the provider's minimum.
        case tooFewExamples(found: Int, minimum: Int)
    }

    /// The physical line (1-based, header included); nil for whole-file problems.
    package var line: Int?
    /// The column's name, when the problem is in one.
    package var column: String?
    package var problem: Problem

    /// Creates an issue.
    package init(line: Int?, column: String?, problem: Problem) {
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// A stable snake_case code.
    package var code: String {
        switch problem {
        case .missingHeader: "missing_header"
        case .unknownColumn: "unknown_column"
        case .missingColumn: "missing_column"
        case .duplicateColumn: "duplicate_column"
        case .emptyCell: "empty_cell"
        case .unbalancedQuote: "unbalanced_quote"
        case .strayQuote: "stray_quote"
        case .wrongFieldCount: "wrong_field_count"
        case .cellTooLong: "cell_too_long"
        case .tooFewExamples: "too_few_examples"
        }
    }

    /// `line 7, column reply: empty_cell`.
    package var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let column { parts.append("column \(column)") }
        var detail = code
        switch problem {
        case .wrongFieldCount(let expected, let found): detail += " (expected \(expected), found \(found))"
        case .cellTooLong(let limit): detail += " (limit \(limit) characters)"
        case .tooFewExamples(let found, let minimum): detail += " (found \(found), minimum \(minimum))"
        default: break
        }
        return (parts.isEmpty ? "" : parts.joined(separator: ", ") + ": ") + detail
    }
}

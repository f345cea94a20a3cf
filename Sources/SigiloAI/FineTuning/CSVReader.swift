/// An RFC 4180 CSV reader over UTF-8 bytes: quoted fields, doubled quotes, embedded
/// newlines, CRLF or LF line ends, and a leading UTF-8 byte order mark.
///
/// Each record remembers the physical line it starts on (1-based), so a problem can be
/// reported where a person sees it in an editor.
struct CSVReader {
    /// One record and the line it starts on.
    struct Record {
        var line: Int
        var fields: [String]
    }

    /// Why the text is not CSV.
    enum Problem: Error, Equatable {
        /// A quoted field that never closes, opened on `line`.
        case unbalancedQuote(line: Int)
        /// Text after a closing quote, or a quote inside an unquoted field, on `line`.
        case strayQuote(line: Int)
    }

    /// Splits `text` into records; a blank line is no record.
    static func records(_ bytes: [UInt8]) -> Result<[Record], Problem> {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var recordLine = 1
        var quoted = false
        var quoteLine = 1
        var afterQuote = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                endField()
            case 0x0D where index < bytes.count && bytes[index] == 0x0A:
                continue
            case 0x0A, 0x0D:
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) {
                    records.append(Record(line: recordLine, fields: fields))
                }
                fields.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
            case UInt8(ascii: "\""):
                guard field.isEmpty, !afterQuote else { return .failure(stray(line: line, quoteLine: quoteLine)) }
                quoted = true
                quoteLine = line
            default:
                if afterQuote { return .failure(stray(line: line, quoteLine: quoteLine)) }
                field.append(byte)
            }
        }
        if quoted { return .failure(.unbalancedQuote(line: quoteLine)) }
        if !field.isEmpty || !fields.isEmpty || afterQuote {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return .success(records)
    }

    /// Text after a closing quote; when the quoted field spanned lines, the quote that closed
    /// it most likely opened a field of a later row, so the field's opening quote is to blame.
    private static func stray(line: Int, quoteLine: Int) -> Problem {
        quoteLine < line ? .unbalancedQuote(line: quoteLine) : .strayQuote(line: line)
    }
}

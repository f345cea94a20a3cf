/// The placeholders of one conversation and the values they stand for, in memory only.
///
/// Equal values (by ``PIISpan/key``: digits only, case and accents folded) get the same
/// placeholder; each placeholder remembers the value as first written, which is what
/// ``PIIMinimiser/restore(_:)`` puts back.
struct PseudonymTable: Sendable {
    private var numbers: [PIIKind: [String: Int]] = [:]
    private var originals: [PIIKind: [String]] = [:]

    /// The placeholder number of `key`, assigned now if new.
    mutating func number(kind: PIIKind, key: String, original: @autoclosure () -> String) -> Int {
        if let number = numbers[kind]?[key] { return number }
        var values = originals[kind] ?? []
        values.append(original())
        originals[kind] = values
        numbers[kind, default: [:]][key] = values.count
        return values.count
    }

    /// The value behind placeholder `number` of `kind`.
    func original(kind: PIIKind, number: Int) -> String? {
        guard let values = originals[kind], number >= 1, number <= values.count else { return nil }
        return values[number - 1]
    }

    /// How many distinct values of each kind were replaced.
    var counts: [PIIKind: Int] { originals.mapValues(\.count) }

    /// The placeholder text, e.g. `[NOME_1]`.
    static func placeholder(_ kind: PIIKind, _ number: Int) -> String { "[\(kind.rawValue)_\(number)]" }
}

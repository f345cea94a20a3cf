/// The wire and stored form of an interval: `{"day": 1, "open": "08:00", "close": "18:00"}`,
/// `close` may be `"24:00"`. Decoding checks the values, so a stored schedule is always valid.
extension BusinessHours.Interval: Codable {
    private enum CodingKeys: String, CodingKey { case day, open, close }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let day = try container.decode(Int.self, forKey: .day)
        guard (0...6).contains(day) else {
            throw DecodingError.dataCorruptedError(
                forKey: .day,
                in: container,
                debugDescription: "0 (Sunday) to 6 (Saturday)"
            )
        }
        guard let open = Self.minutes(try container.decode(String.self, forKey: .open)), open < 1440 else {
            throw DecodingError.dataCorruptedError(forKey: .open, in: container, debugDescription: "HH:MM")
        }
        guard let close = Self.minutes(try container.decode(String.self, forKey: .close)), close > open else {
            throw DecodingError.dataCorruptedError(
                forKey: .close,
                in: container,
                debugDescription: "HH:MM after open, at most 24:00"
            )
        }
        self.init(day: day, open: open, close: close)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(day, forKey: .day)
        try container.encode(Self.text(open), forKey: .open)
        try container.encode(Self.text(close), forKey: .close)
    }

    /// Minutes after midnight of `HH:MM` (00:00 … 24:00), or nil.
    package static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hours = Int(parts[0]), let minutes = Int(parts[1]),
            (0...24).contains(hours), (0...59).contains(minutes), hours < 24 || minutes == 0
        else { return nil }
        return hours * 60 + minutes
    }

    static func text(_ minutes: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(minutes / 60)):\(two(minutes % 60))"
    }
}

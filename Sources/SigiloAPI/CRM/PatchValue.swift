/// A field of a PATCH body: absent (leave it), `null` (clear it) or a value (set it).
/// Foundation's `decodeIfPresent` cannot tell the first two apart.
enum PatchValue<Value: Decodable & Sendable>: Sendable {
    case absent
    case null
    case value(Value)

    init<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws {
        if !container.contains(key) {
            self = .absent
        } else if try container.decodeNil(forKey: key) {
            self = .null
        } else {
            self = .value(try container.decode(Value.self, forKey: key))
        }
    }

    /// The value to store given the current one.
    func applied(to current: Value?) -> Value? {
        switch self {
        case .absent: current
        case .null: nil
        case .value(let value): value
        }
    }
}

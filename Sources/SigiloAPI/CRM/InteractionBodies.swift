import Foundation
import SigiloCore
import SigiloStore

/// An amount as the API shows and receives it: integer minor units, so no rounding.
struct MoneyBody: Codable, Sendable {
    var minorUnits: Int64
    var currency: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minorUnits = "minor_units"
        case currency
    }

    init(_ money: Money) {
        minorUnits = money.minorUnits
        currency = money.currency
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minorUnits = try container.decode(Int64.self, forKey: .minorUnits)
        currency = try container.decode(String.self, forKey: .currency)
    }

    func checked() throws -> Money {
        guard (0...1_000_000_000_000).contains(minorUnits) else {
            throw APIError.invalidField("amount.minor_units", expected: "an integer from 0 to 1000000000000")
        }
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw APIError.invalidField("amount.currency", expected: "an ISO 4217 code such as BRL")
        }
        return Money(minorUnits: minorUnits, currency: currency)
    }
}

/// `POST /contacts/{id}/interactions` and `PATCH …/{interaction}`: on PATCH every field is
/// optional; `product`, `amount` and `text` take `null` to clear them.
struct InteractionInput: Decodable, Sendable {
    var kind: String?
    var occurredAt: String?
    var product: PatchValue<String>
    var amount: PatchValue<MoneyBody>
    var text: PatchValue<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind
        case occurredAt = "occurred_at"
        case product, amount, text
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        occurredAt = try container.decodeIfPresent(String.self, forKey: .occurredAt)
        product = try PatchValue(container, .product)
        amount = try PatchValue(container, .amount)
        text = try PatchValue(container, .text)
    }

    /// A new interaction; `kind` is required, `occurred_at` defaults to now.
    func created(now: Date = Date()) throws -> InteractionFields {
        guard kind != nil else { throw APIError.missingField("kind") }
        return try applied(to: InteractionFields(kind: .note, occurredAt: now))
    }

    /// `current` with this body applied, every field checked, purchase rules included.
    func applied(to current: InteractionFields) throws -> InteractionFields {
        var fields = current
        if let kind { fields.kind = try FieldRules.oneOf(kind, as: Interaction.Kind.self, field: "kind") }
        if let occurredAt { fields.occurredAt = try FieldRules.timestamp(occurredAt, field: "occurred_at") }
        fields.product = try product.applied(to: current.product).map {
            try FieldRules.text($0, field: "product", characters: 1...200)
        }
        switch amount {
        case .absent: break
        case .null: fields.amount = nil
        case .value(let body): fields.amount = try body.checked()
        }
        fields.text = try text.applied(to: current.text).map {
            try FieldRules.text($0, field: "text", characters: 1...10_000, multiline: true)
        }
        if fields.kind == .purchase {
            guard fields.product != nil else {
                throw APIError.invalidField("product", expected: "given for a purchase (1 to 200 characters)")
            }
        } else if fields.product != nil || fields.amount != nil {
            throw APIError.invalidField(
                fields.product != nil ? "product" : "amount",
                expected: "absent unless kind is 'purchase'"
            )
        }
        return fields
    }
}

/// An interaction as the API shows it.
struct InteractionView: Encodable {
    var id: String
    var contactID: String
    var kind: String
    var occurredAt: Date
    var product: String?
    var amount: MoneyBody?
    var text: String?
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case contactID = "contact_id"
        case kind
        case occurredAt = "occurred_at"
        case product, amount, text
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ interaction: Interaction) {
        id = interaction.id.lowercasedString
        contactID = interaction.contactID.lowercasedString
        kind = interaction.fields.kind.rawValue
        occurredAt = interaction.fields.occurredAt
        product = interaction.fields.product
        amount = interaction.fields.amount.map(MoneyBody.init)
        text = interaction.fields.text
        createdAt = interaction.createdAt
        updatedAt = interaction.updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(contactID, forKey: .contactID)
        try container.encode(kind, forKey: .kind)
        try container.encode(occurredAt, forKey: .occurredAt)
        try container.encode(product, forKey: .product)
        try container.encode(amount, forKey: .amount)
        try container.encode(text, forKey: .text)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// The contact's last interactions; `next` is the `before` cursor of the older page.
struct InteractionList: Encodable {
    var interactions: [InteractionView]
    var next: String?
}

/// `GET /contacts/{id}/products`.
struct ProductList: Encodable {
    struct Line: Encodable {
        var product: String
        var purchases: Int
        var total: MoneyBody?
        var lastPurchasedAt: Date

        enum CodingKeys: String, CodingKey {
            case product, purchases, total
            case lastPurchasedAt = "last_purchased_at"
        }

        init(_ summary: InteractionRepository.ProductSummary) {
            product = summary.product
            purchases = summary.purchases
            total = summary.total.map(MoneyBody.init)
            lastPurchasedAt = summary.lastPurchasedAt
        }

        /// `total` is `null` when no purchase of the line had an amount.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(product, forKey: .product)
            try container.encode(purchases, forKey: .purchases)
            try container.encode(total, forKey: .total)
            try container.encode(lastPurchasedAt, forKey: .lastPurchasedAt)
        }
    }

    var products: [Line]
}

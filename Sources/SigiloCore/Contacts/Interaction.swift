package import Foundation

/// Something that happened between the business and a contact.
package struct Interaction: Sendable, Equatable {
    package enum Kind: String, Sendable, Codable, CaseIterable {
        case purchase, call, meeting, message, note
    }

    package var id: UUID
    package var contactID: UUID
    package var fields: InteractionFields
    package var createdAt: Date
    package var updatedAt: Date

    package init(id: UUID, contactID: UUID, fields: InteractionFields, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.contactID = contactID
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What an interaction holds. `product` and `amount` belong to purchases only; `text` is free
/// text, sealed under the contact's key.
package struct InteractionFields: Sendable, Equatable {
    package var kind: Interaction.Kind
    package var occurredAt: Date
    package var product: String?
    package var amount: Money?
    package var text: String?

    package init(
        kind: Interaction.Kind,
        occurredAt: Date,
        product: String? = nil,
        amount: Money? = nil,
        text: String? = nil
    ) {
        self.kind = kind
        self.occurredAt = occurredAt
        self.product = product
        self.amount = amount
        self.text = text
    }
}

/// An amount in minor units (centavos) of an ISO 4217 currency.
package struct Money: Sendable, Equatable, Hashable {
    package var minorUnits: Int64
    package var currency: String

    package init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }
}

package import Foundation

/// A stored contact, opened.
package struct Contact: Sendable, Equatable {
    package var id: UUID
    package var fields: ContactFields
    package var createdAt: Date
    package var updatedAt: Date

    package init(id: UUID, fields: ContactFields, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

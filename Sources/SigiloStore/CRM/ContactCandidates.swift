import Foundation
import PostgresNIO

/// The blind-index search as a prepared statement: it runs for every inbound WhatsApp message
/// and every search, and planning it anew each time (a join under row-level security) cost
/// more than running it. Prepared once per connection, its plan is reused.
struct ContactCandidates: PostgresPreparedStatement {
    typealias Row = ContactRow.Decoded

    static let sql = """
        SELECT DISTINCT ON (c.id) \(ContactRow.columns)
        FROM contact_lookups l
        JOIN contacts c ON c.tenant_id = l.tenant_id AND c.id = l.contact_id
        LEFT JOIN subject_keys k ON k.tenant_id = c.tenant_id AND k.subject_id = c.subject_id
        WHERE l.tenant_id = $1 AND l.kind = $2 AND l.digest = ANY($3::integer[]) AND c.merged_into IS NULL
        ORDER BY c.id
        """

    var tenant: UUID
    var kind: String
    var digests: [Int32]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(tenant)
        bindings.append(kind)
        bindings.append(digests)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}

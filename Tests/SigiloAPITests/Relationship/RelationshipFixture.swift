import Foundation
import HTTPTypes
import Logging
import SigiloAPI
import SigiloFakes
import SigiloStore
import SigiloTesting
import SigiloWhatsApp
import Testing

/// The relationship tests run the scheduler themselves, with a clock of their choosing; the
/// server's own scheduler is off.
extension WhatsAppFixture {
    static func relationship(
        overrides: [String: String] = [:],
        _ body: @escaping @Sendable (WhatsAppFixture) async throws -> Void
    ) async throws {
        var settings = ["relationship.scheduler": "false"]
        settings.merge(overrides) { _, given in given }
        try await with(overrides: settings, body)
    }

    /// A scheduler of its own (as a second instance would be), for the duration of `body`.
    func withScheduler<Result: Sendable>(
        _ body: @Sendable (RelationshipScheduler) async throws -> Result
    ) async throws -> Result {
        let pool = identity.database.pool()
        let keys = CRMKeys(ring: try AuthConfiguration(reader: identity.reader).keyRing)
        return try await pool.whileRunning {
            try await body(
                RelationshipScheduler(
                    tickets: TicketAutomation(database: pool, keys: keys),
                    cadences: CadenceRepository(database: pool, keys: keys),
                    scheduled: ScheduledMessageRepository(database: pool, keys: keys),
                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
                )
            )
        }
    }

    /// Creates a queue as the admin; returns its id.
    func createQueue(_ body: [String: Any]) async throws -> String {
        let reply = try await client.json(.post, "/queues", body: body, token: admin)
        guard reply.status == .created, let id = reply["id"] else {
            throw FixtureError(
                message: "queue creation failed with \(reply.status): \(String(decoding: reply.body, as: UTF8.self))"
            )
        }
        return id
    }

    /// Sets a user's availability and capacity as the admin.
    func setAgent(_ name: String, available: Bool, capacity: Int) async throws {
        let user = try #require(identity.users[name]).uuidString.lowercased()
        let reply = try await client.json(
            .put,
            "/agents/\(user)",
            body: ["available": available, "capacity": capacity],
            token: admin
        )
        #expect(reply.status == .ok)
    }

    func user(_ name: String) throws -> String {
        try #require(identity.users[name]).uuidString.lowercased()
    }

    /// An approved utility template named `name` with one body variable; returns its id.
    func approvedTemplate(_ name: String = "lembrete_relacionamento") async throws -> String {
        fake.addTemplate(wabaID: WhatsAppFixture.wabaID, name: name, bodyText: "Olá {{1}}, tudo bem?")
        let reply = try await client.json(
            .post,
            "/templates",
            body: [
                "name": name, "language": "pt_BR", "category": "utility", "status": "approved",
                "body": ["text": "Olá {{1}}, tudo bem?", "examples": ["Maria"]],
            ],
            token: admin
        )
        guard reply.status == .created, let id = reply["id"] else {
            throw FixtureError(message: "template creation failed with \(reply.status)")
        }
        return id
    }

    /// A São Paulo wall-clock time (UTC−3) as an instant.
    static func saoPaulo(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text + "-03:00") ?? Date.distantPast
    }
}

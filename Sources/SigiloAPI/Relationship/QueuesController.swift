import Foundation
import Hummingbird
package import SigiloStore

/// Queues (`GET` with `tickets:manage`; `POST`, `PATCH`, `DELETE` with `settings:manage`),
/// agents' availability (`GET /agents`, `PUT /agents/me` for oneself, `PUT /agents/{id}` for an
/// admin) and the tenant's relationship settings (`GET`/`PUT /relationship/settings`).
/// None of it is personal data; changes are audited.
package struct QueuesController: Sendable {
    private let queues: QueueRepository
    private let agents: AgentRepository
    private let guardian: AccessGuard

    package init(queues: QueueRepository, agents: AgentRepository, guardian: AccessGuard) {
        self.queues = queues
        self.agents = agents
        self.guardian = guardian
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/queues",
            use: guardian.requiring(.ticketsManage) { _, _, identity in
                try JSONResponse.make(["queues": try await queues.list(tenant: identity.tenantID).map(QueueView.init)])
            }
        )
        routes.get(
            "/queues/{id}",
            use: guardian.requiring(.ticketsManage) { _, context, identity in
                guard let queue = try await queues.find(try context.pathID(), tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                return try JSONResponse.make(QueueView(queue: queue))
            }
        )
        routes.post(
            "/queues",
            use: guardian.requiring(.settingsManage) { request, context, identity in
                let changes = try await request.decodeJSON(as: QueueInput.self, context: context).changes(current: nil)
                let audit = RelationshipAudit.draft(
                    "queue.create",
                    resourceType: "queue",
                    identity: identity,
                    context: context
                )
                let queue = try await Self.mapping {
                    try await queues.create(changes, tenant: identity.tenantID, audit: audit)
                }
                return try JSONResponse.make(QueueView(queue: queue), status: .created)
            }
        )
        routes.patch(
            "/queues/{id}",
            use: guardian.requiring(.settingsManage) { request, context, identity in
                let id = try context.pathID()
                let input = try await request.decodeJSON(as: QueueInput.self, context: context)
                guard let current = try await queues.find(id, tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                let changes = try input.changes(current: current)
                let audit = RelationshipAudit.draft(
                    "queue.update",
                    resourceType: "queue",
                    identity: identity,
                    context: context
                )
                guard
                    let queue = try await Self.mapping({
                        try await queues.update(id, changes, tenant: identity.tenantID, audit: audit)
                    })
                else { throw APIError.notFound }
                return try JSONResponse.make(QueueView(queue: queue))
            }
        )
        routes.delete(
            "/queues/{id}",
            use: guardian.requiring(.settingsManage) { _, context, identity in
                let id = try context.pathID()
                let audit = RelationshipAudit.draft(
                    "queue.delete",
                    resourceType: "queue",
                    identity: identity,
                    context: context,
                    resourceID: id.lowercasedString
                )
                guard try await queues.delete(id, tenant: identity.tenantID, audit: audit) else {
                    throw APIError.notFound
                }
                return Response(status: .noContent)
            }
        )
        addAgentRoutes(to: routes)
    }

    private func addAgentRoutes(to routes: APIRoutes) {
        routes.get(
            "/agents",
            use: guardian.requiring(.ticketsManage) { _, _, identity in
                try JSONResponse.make(["agents": try await agents.list(tenant: identity.tenantID).map(AgentView.init)])
            }
        )
        routes.put(
            "/agents/me",
            use: guardian.requiring(.ticketsManage) { request, context, identity in
                guard identity.kind == .user else { throw APIError.forbidden }
                return try await setAgent(identity.subjectID, request: request, context: context, identity: identity)
            }
        )
        routes.put(
            "/agents/{id}",
            use: guardian.requiring(.settingsManage) { request, context, identity in
                try await setAgent(try context.pathID(), request: request, context: context, identity: identity)
            }
        )
        routes.get(
            "/relationship/settings",
            use: guardian.requiring(.ticketsManage) { _, _, identity in
                try JSONResponse.make(SettingsView(try await agents.settings(tenant: identity.tenantID)))
            }
        )
        routes.put(
            "/relationship/settings",
            use: guardian.requiring(.settingsManage) { request, context, identity in
                let settings = try await request.decodeJSON(as: SettingsInput.self, context: context).settings()
                let audit = RelationshipAudit.draft(
                    "relationship.settings",
                    resourceType: "tenant",
                    identity: identity,
                    context: context,
                    resourceID: identity.tenantID.lowercasedString
                )
                try await agents.save(settings, tenant: identity.tenantID, audit: audit)
                return try JSONResponse.make(SettingsView(settings))
            }
        )
    }

    private func setAgent(
        _ user: UUID,
        request: Request,
        context: SigiloRequestContext,
        identity: Identity
    ) async throws -> Response {
        let input = try await request.decodeJSON(as: AgentInput.self, context: context)
        if let capacity = input.capacity, !(0...100).contains(capacity) {
            throw APIError.invalidField("capacity", expected: "an integer from 0 to 100")
        }
        let audit = RelationshipAudit.draft(
            "agent.availability",
            resourceType: "user",
            identity: identity,
            context: context,
            resourceID: user.lowercasedString,
            details: input.available.map { ["available": "\($0)"] } ?? [:]
        )
        guard
            let agent = try await Self.mapping({
                try await agents.set(
                    user: user,
                    available: input.available,
                    capacity: input.capacity,
                    tenant: identity.tenantID,
                    audit: audit
                )
            })
        else { throw APIError.notFound }
        return try JSONResponse.make(AgentView(agent: agent))
    }

    /// Answers the store's constraint errors with their 4xx.
    static func mapping<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as StoreError {
            switch error.code {
            case .conflict:
                throw APIError.conflict("Another queue already has this name, menu key, or is the default.")
            case .missingReference:
                throw APIError.invalidField("(ids)", expected: "ids of your own numbers and active users")
            case .notFound: throw APIError.notFound
            }
        }
    }
}

struct AgentInput: Decodable {
    var available: Bool?
    var capacity: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case available, capacity }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        available = try container.decodeIfPresent(Bool.self, forKey: .available)
        capacity = try container.decodeIfPresent(Int.self, forKey: .capacity)
    }
}

struct AgentView: Encodable {
    var agent: AgentRepository.Agent

    enum CodingKeys: String, CodingKey {
        case available, capacity, load
        case userID = "user_id"
        case queueIDs = "queue_ids"
        case lastAssignedAt = "last_assigned_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(agent.userID.lowercasedString, forKey: .userID)
        try container.encode(agent.available, forKey: .available)
        try container.encode(agent.capacity, forKey: .capacity)
        try container.encode(agent.load, forKey: .load)
        try container.encode(agent.queueIDs.map(\.lowercasedString), forKey: .queueIDs)
        try container.encode(agent.lastAssignedAt, forKey: .lastAssignedAt)
    }
}

/// `PUT /relationship/settings`: `menu_prompt` (null: no menu), `unresponsive_after` (1–50).
struct SettingsInput: Decodable {
    var menuPrompt: String?
    var unresponsiveAfter: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case menuPrompt = "menu_prompt"
        case unresponsiveAfter = "unresponsive_after"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        menuPrompt = try container.decodeIfPresent(String.self, forKey: .menuPrompt)
        unresponsiveAfter = try container.decodeIfPresent(Int.self, forKey: .unresponsiveAfter)
    }

    func settings() throws -> AgentRepository.Settings {
        let after = unresponsiveAfter ?? AgentRepository.Settings.defaults.unresponsiveAfter
        guard (1...50).contains(after) else {
            throw APIError.invalidField("unresponsive_after", expected: "an integer from 1 to 50")
        }
        return AgentRepository.Settings(
            menuPrompt: try menuPrompt.map {
                try FieldRules.text($0, field: "menu_prompt", characters: 1...1024, multiline: true)
            },
            unresponsiveAfter: after
        )
    }
}

struct SettingsView: Encodable {
    var menuPrompt: String?
    var unresponsiveAfter: Int

    init(_ settings: AgentRepository.Settings) {
        menuPrompt = settings.menuPrompt
        unresponsiveAfter = settings.unresponsiveAfter
    }

    enum CodingKeys: String, CodingKey {
        case menuPrompt = "menu_prompt"
        case unresponsiveAfter = "unresponsive_after"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(menuPrompt, forKey: .menuPrompt)
        try container.encode(unresponsiveAfter, forKey: .unresponsiveAfter)
    }
}

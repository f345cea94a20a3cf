import Foundation
import SigiloStore

/// `POST /tickets/{id}/status`: `status` (open, pending, snoozed, closed), `until` (RFC 3339,
/// required for snoozed), `reason` (optional free text, kept sealed in the history).
struct TicketStatusInput: Decodable {
    var status: String
    var until: String?
    var reason: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case status, until, reason }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decode(String.self, forKey: .status)
        until = try container.decodeIfPresent(String.self, forKey: .until)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
    }
}

/// `POST /tickets/{id}/assign` (`assignee_id`, null to unassign) and `POST /tickets/{id}/transfer`
/// (`queue_id` and/or `assignee_id`), each with an optional `reason`.
struct TicketRouteInput: Decodable {
    var queueID: UUID?
    var assigneeID: UUID?
    var hasAssignee: Bool
    var reason: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case queueID = "queue_id"
        case assigneeID = "assignee_id"
        case reason
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        queueID = try container.decodeIfPresent(UUID.self, forKey: .queueID)
        hasAssignee = container.contains(.assigneeID)
        assigneeID = try container.decodeIfPresent(UUID.self, forKey: .assigneeID)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
    }
}

struct TicketView: Encodable {
    var ticket: Ticket
    var history: [TicketEventView]?

    enum CodingKeys: String, CodingKey {
        case id, source, status, history
        case contactID = "contact_id"
        case channelID = "channel_id"
        case queueID = "queue_id"
        case assigneeID = "assignee_id"
        case snoozedUntil = "snoozed_until"
        case pendingSince = "pending_since"
        case awaitingSince = "awaiting_since"
        case firstResponseAt = "first_response_at"
        case routedAt = "routed_at"
        case handedOffAt = "handed_off_at"
        case openedAt = "opened_at"
        case closedAt = "closed_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticket.id.lowercasedString, forKey: .id)
        try container.encode(ticket.source, forKey: .source)
        try container.encode(ticket.status.rawValue, forKey: .status)
        try container.encode(ticket.contactID?.lowercasedString, forKey: .contactID)
        try container.encode(ticket.channelID?.lowercasedString, forKey: .channelID)
        try container.encode(ticket.queueID?.lowercasedString, forKey: .queueID)
        try container.encode(ticket.assigneeID?.lowercasedString, forKey: .assigneeID)
        try container.encode(ticket.snoozedUntil, forKey: .snoozedUntil)
        try container.encode(ticket.pendingSince, forKey: .pendingSince)
        try container.encode(ticket.awaitingSince, forKey: .awaitingSince)
        try container.encode(ticket.firstResponseAt, forKey: .firstResponseAt)
        try container.encode(ticket.routedAt, forKey: .routedAt)
        try container.encode(ticket.handedOffAt, forKey: .handedOffAt)
        try container.encode(ticket.openedAt, forKey: .openedAt)
        try container.encode(ticket.closedAt, forKey: .closedAt)
        try container.encode(ticket.updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(history, forKey: .history)
    }
}

struct TicketEventView: Encodable {
    var event: TicketEvent

    enum CodingKeys: String, CodingKey {
        case id, kind, reason
        case fromStatus = "from_status"
        case toStatus = "to_status"
        case fromQueue = "from_queue_id"
        case toQueue = "to_queue_id"
        case fromAssignee = "from_assignee_id"
        case toAssignee = "to_assignee_id"
        case actorKind = "actor_kind"
        case actorID = "actor_id"
        case occurredAt = "occurred_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(event.id.lowercasedString, forKey: .id)
        try container.encode(event.kind, forKey: .kind)
        try container.encode(event.fromStatus, forKey: .fromStatus)
        try container.encode(event.toStatus, forKey: .toStatus)
        try container.encode(event.fromQueue?.lowercasedString, forKey: .fromQueue)
        try container.encode(event.toQueue?.lowercasedString, forKey: .toQueue)
        try container.encode(event.fromAssignee?.lowercasedString, forKey: .fromAssignee)
        try container.encode(event.toAssignee?.lowercasedString, forKey: .toAssignee)
        try container.encode(event.actorKind, forKey: .actorKind)
        try container.encode(event.actorID, forKey: .actorID)
        try container.encode(event.reason, forKey: .reason)
        try container.encode(event.occurredAt, forKey: .occurredAt)
    }
}

struct TicketList: Encodable {
    var tickets: [TicketView]
    var next: String?
}

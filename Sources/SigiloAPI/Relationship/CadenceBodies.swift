import Foundation
import HTTPTypes
import SigiloCore
import SigiloStore

/// `PUT /contacts/{id}/cadence`: `every` (1–365) and `unit` (days, weeks, months), the approved
/// `template_id` with its `parameters` (as for sending), an optional `channel_id`, and
/// `next_due_at` (RFC 3339; one interval from now when absent).
struct CadencePlanInput: Decodable {
    var every: Int
    var unit: String
    var templateID: UUID
    var parameters: TemplateRenderInput?
    var channelID: UUID?
    var nextDueAt: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case every, unit, parameters
        case templateID = "template_id"
        case channelID = "channel_id"
        case nextDueAt = "next_due_at"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        every = try container.decode(Int.self, forKey: .every)
        unit = try container.decode(String.self, forKey: .unit)
        templateID = try container.decode(UUID.self, forKey: .templateID)
        parameters = try container.decodeIfPresent(TemplateRenderInput.self, forKey: .parameters)
        channelID = try container.decodeIfPresent(UUID.self, forKey: .channelID)
        nextDueAt = try container.decodeIfPresent(String.self, forKey: .nextDueAt)
    }

    func plan(templates: TemplateRepository, tenant: UUID) async throws -> CadencePlan {
        guard (1...365).contains(every) else {
            throw APIError.invalidField("every", expected: "an integer from 1 to 365")
        }
        let interval = Cadence(every: every, unit: try FieldRules.oneOf(unit, as: Cadence.Unit.self, field: "unit"))
        let arguments = parameters.map(\.arguments)
        try await ApprovedTemplate.check(templateID, arguments: arguments, templates: templates, tenant: tenant)
        return CadencePlan(
            interval: interval,
            templateID: templateID,
            channelID: channelID,
            arguments: arguments,
            firstDueAt: try nextDueAt.map { try FieldRules.timestamp($0, field: "next_due_at") }
        )
    }
}

/// `POST /contacts/{id}/scheduled-messages`: an approved `template_id` with its `parameters`,
/// `send_at` (RFC 3339, in the future) and an optional `channel_id`.
struct ScheduledMessageInput: Decodable {
    var templateID: UUID
    var parameters: TemplateRenderInput?
    var channelID: UUID?
    var sendAt: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case parameters
        case templateID = "template_id"
        case channelID = "channel_id"
        case sendAt = "send_at"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        templateID = try container.decode(UUID.self, forKey: .templateID)
        parameters = try container.decodeIfPresent(TemplateRenderInput.self, forKey: .parameters)
        channelID = try container.decodeIfPresent(UUID.self, forKey: .channelID)
        sendAt = try container.decode(String.self, forKey: .sendAt)
    }
}

/// Checks that a template is the tenant's, approved, and that `arguments` fit it.
enum ApprovedTemplate {
    static func check(
        _ id: UUID,
        arguments: TemplateArguments?,
        templates: TemplateRepository,
        tenant: UUID
    )
        async throws
    {
        guard let stored = try await templates.find(tenant: tenant, id: id) else {
            throw APIError.invalidField("template_id", expected: "the id of one of your templates")
        }
        guard stored.template.isSendable else {
            throw APIError(
                .conflict,
                code: "template_not_approved",
                message: "Only a template Meta approved can be sent; sync templates or wait for review."
            )
        }
        let given = arguments ?? TemplateArguments()
        do {
            _ = try stored.template.render(header: given.header, body: given.body, buttons: given.buttons)
        } catch {
            throw APIError.invalidField(error.field, expected: error.reason)
        }
    }
}

extension TemplateRenderInput {
    var arguments: TemplateArguments {
        TemplateArguments(header: header, body: body, buttons: buttons)
    }
}

struct CadenceView: Encodable {
    var cadence: ContactCadence

    enum CodingKeys: String, CodingKey {
        case every, unit, attempts, state
        case contactID = "contact_id"
        case templateID = "template_id"
        case channelID = "channel_id"
        case parameters
        case nextDueAt = "next_due_at"
        case lastSentAt = "last_sent_at"
        case lastMessageID = "last_message_id"
        case skippedReason = "skipped_reason"
        case invalidNumber = "invalid_number"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cadence.contactID.lowercasedString, forKey: .contactID)
        try container.encode(cadence.interval?.every, forKey: .every)
        try container.encode(cadence.interval?.unit.rawValue, forKey: .unit)
        try container.encode(cadence.templateID.lowercasedString, forKey: .templateID)
        try container.encode(cadence.channelID?.lowercasedString, forKey: .channelID)
        if let arguments = cadence.arguments {
            try container.encode(ArgumentsView(arguments: arguments), forKey: .parameters)
        }
        try container.encode(cadence.nextDueAt, forKey: .nextDueAt)
        try container.encode(cadence.attempts, forKey: .attempts)
        try container.encode(cadence.lastSentAt, forKey: .lastSentAt)
        try container.encode(cadence.lastMessageID?.lowercasedString, forKey: .lastMessageID)
        try container.encode(cadence.state.rawValue, forKey: .state)
        try container.encode(cadence.skippedReason, forKey: .skippedReason)
        try container.encode(cadence.invalidNumber, forKey: .invalidNumber)
        try container.encode(cadence.updatedAt, forKey: .updatedAt)
    }
}

/// Template arguments as the API writes them (`buttons` keyed by index as text).
struct ArgumentsView: Encodable {
    var arguments: TemplateArguments

    enum CodingKeys: String, CodingKey { case header, body, buttons }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arguments.header, forKey: .header)
        try container.encode(arguments.body, forKey: .body)
        try container.encode(
            Dictionary(uniqueKeysWithValues: arguments.buttons.map { ("\($0.key)", $0.value) }),
            forKey: .buttons
        )
    }
}

struct ScheduledMessageView: Encodable {
    var scheduled: ScheduledMessageRepository.Scheduled

    enum CodingKeys: String, CodingKey {
        case id, state
        case contactID = "contact_id"
        case templateID = "template_id"
        case channelID = "channel_id"
        case sendAt = "send_at"
        case skippedReason = "skipped_reason"
        case messageID = "message_id"
        case createdBy = "created_by"
        case createdAt = "created_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scheduled.id.lowercasedString, forKey: .id)
        try container.encode(scheduled.contactID.lowercasedString, forKey: .contactID)
        try container.encode(scheduled.templateID.lowercasedString, forKey: .templateID)
        try container.encode(scheduled.channelID?.lowercasedString, forKey: .channelID)
        try container.encode(scheduled.sendAt, forKey: .sendAt)
        try container.encode(scheduled.state, forKey: .state)
        try container.encode(scheduled.skippedReason, forKey: .skippedReason)
        try container.encode(scheduled.messageID?.lowercasedString, forKey: .messageID)
        try container.encode(scheduled.createdBy?.lowercasedString, forKey: .createdBy)
        try container.encode(scheduled.createdAt, forKey: .createdAt)
    }
}

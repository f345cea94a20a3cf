import Foundation

/// The bodies of the webhooks the fake POSTs, shaped as Meta's (reference §3).
enum WebhookEnvelope {
    /// `{"object":"whatsapp_business_account","entry":[…]}`, one entry per WABA given.
    static func envelope(_ entries: [(wabaID: String, changes: [MetaJSON])]) -> MetaJSON {
        [
            "object": "whatsapp_business_account",
            "entry": .array(entries.map { ["id": .string($0.wabaID), "changes": .array($0.changes)] }),
        ]
    }

    /// A `messages` change for `phone` with the given members after `metadata`.
    static func messagesChange(phone: FakeGraphAPI.PhoneNumber, _ members: [(String, MetaJSON)]) -> MetaJSON {
        let metadata: MetaJSON = [
            "display_phone_number": .string(phone.displayNumber), "phone_number_id": .string(phone.id),
        ]
        let value = MetaJSON.object([("messaging_product", "whatsapp"), ("metadata", metadata)] + members)
        return ["value": value, "field": "messages"]
    }

    /// One receipt of `statuses[]`.
    static func status(
        _ status: String,
        message: FakeGraphAPI.SentMessage,
        timestamp: Date,
        pricing: (category: String, type: String)?,
        callbackData: String?,
        error: (code: Int, title: String, details: String)?
    ) -> MetaJSON {
        let seconds = String(Int(timestamp.timeIntervalSince1970))
        let conversation: MetaJSON? = pricing.map { pricing in
            [
                "id": .string("conv-" + message.messageID.suffix(12)),
                "expiration_timestamp": .string(String(Int(timestamp.timeIntervalSince1970) + 86_400)),
                "origin": ["type": .string(pricing.category)],
            ]
        }
        let pricingJSON: MetaJSON? = pricing.map { pricing in
            [
                "billable": .bool(pricing.type == "regular"), "pricing_model": "PMP",
                "category": .string(pricing.category), "type": .string(pricing.type),
            ]
        }
        let errors: MetaJSON? = error.map { error in
            [
                [
                    "code": .int(error.code), "title": .string(error.title), "message": .string(error.title),
                    "error_data": ["details": .string(error.details)],
                    "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
                ]
            ]
        }
        return .fields([
            "id": .string(message.messageID), "status": .string(status), "timestamp": .string(seconds),
            "recipient_id": .string(message.waID), "conversation": status == "read" ? nil : conversation,
            "pricing": pricingJSON, "biz_opaque_callback_data": callbackData.map(MetaJSON.string), "errors": errors,
        ])
    }

    /// A `message_template_status_update` webhook.
    static func templateStatus(_ template: FakeGraphAPI.Template, time: Date) -> MetaJSON {
        let value: MetaJSON = [
            "event": .string(template.status), "message_template_id": .string(template.id),
            "message_template_name": .string(template.name), "message_template_language": .string(template.language),
            "reason": "NONE",
        ]
        let entry: MetaJSON = [
            "id": .string(template.wabaID), "time": .int(Int(time.timeIntervalSince1970)),
            "changes": [["value": value, "field": "message_template_status_update"]],
        ]
        return ["object": "whatsapp_business_account", "entry": [entry]]
    }
}

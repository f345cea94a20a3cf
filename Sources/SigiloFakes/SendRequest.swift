/// A `POST /{phone-number-id}/messages` body that passed Meta's parameter checks (error 100
/// otherwise), reduced to what the fake acts on.
struct SendRequest: Sendable {
    /// `to` as sent, `+` included.
    var to: String
    var type: String
    var templateName: String?
    var templateLanguage: String?
    /// Body parameters supplied to a template.
    var bodyParameterCount: Int
    /// `biz_opaque_callback_data`, echoed in statuses.
    var callbackData: String?

    static let types: Set<String> = [
        "text", "template", "image", "audio", "video", "document", "sticker", "reaction", "interactive",
        "location", "contacts",
    ]
    static let mediaTypes: Set<String> = ["image", "audio", "video", "document", "sticker"]

    /// Validates `json`, throwing the error-100 answer Meta gives for the first problem found.
    init(_ json: MetaJSON) throws(GraphFailure) {
        guard json["messaging_product"]?.string == "whatsapp" else {
            throw .invalid("The parameter messaging_product is required and must be 'whatsapp'.")
        }
        if let recipientType = json["recipient_type"], recipientType.string != "individual" {
            throw .invalid("Param recipient_type must be 'individual'.")
        }
        guard let to = json["to"]?.string, Self.isPhoneNumber(to) else {
            throw .invalid("The parameter to is required and must be a phone number (digits, optional +).")
        }
        let type = json["type"]?.string ?? "text"
        guard Self.types.contains(type) else { throw .invalid("Param type must be one of \(Self.types.sorted()).") }
        guard let content = json[type] else { throw .invalid("The parameter \(type) is required.") }
        self.to = to
        self.type = type
        self.bodyParameterCount = 0
        if let callback = json["biz_opaque_callback_data"] {
            guard let text = callback.string, text.utf8.count <= 512 else {
                throw .invalid("Param biz_opaque_callback_data must be a string of at most 512 bytes.")
            }
            callbackData = text
        }
        try check(content)
    }

    private mutating func check(_ content: MetaJSON) throws(GraphFailure) {
        switch type {
        case "text":
            guard let body = content["body"]?.string, !body.isEmpty else {
                throw .invalid("Param text['body'] is required.")
            }
            guard body.count <= 4096 else { throw .invalid("Param text['body'] must be at most 4096 characters long.") }
        case let media where Self.mediaTypes.contains(media):
            guard (content["id"]?.string == nil) != (content["link"]?.string == nil) else {
                throw .invalid("Param \(media) must have exactly one of 'id' or 'link'.")
            }
        case "reaction":
            guard content["message_id"]?.string != nil else {
                throw .invalid("Param reaction['message_id'] is required.")
            }
        case "location":
            guard content["latitude"]?.double != nil, content["longitude"]?.double != nil else {
                throw .invalid("Params location['latitude'] and location['longitude'] are required numbers.")
            }
        case "contacts":
            guard let contacts = content.array, !contacts.isEmpty else { throw .invalid("Param contacts is required.") }
        case "interactive":
            try Self.checkInteractive(content)
        default:
            try checkTemplate(content)
        }
    }

    private mutating func checkTemplate(_ template: MetaJSON) throws(GraphFailure) {
        guard let name = template["name"]?.string, let language = template["language"]?["code"]?.string else {
            throw .invalid("Params template['name'] and template['language']['code'] are required.")
        }
        templateName = name
        templateLanguage = language
        let components = template["components"]?.array ?? []
        bodyParameterCount = components.filter { $0["type"]?.string?.lowercased() == "body" }
            .reduce(0) { $0 + ($1["parameters"]?.array?.count ?? 0) }
    }

    private static func checkInteractive(_ interactive: MetaJSON) throws(GraphFailure) {
        guard let kind = interactive["type"]?.string, interactive["action"] != nil else {
            throw .invalid("Params interactive['type'] and interactive['action'] are required.")
        }
        guard kind == "button" else { return }
        let buttons = interactive["action"]?["buttons"]?.array ?? []
        guard (1...3).contains(buttons.count) else {
            throw .invalid("Param interactive['action']['buttons'] must have 1 to 3 buttons.")
        }
        for button in buttons {
            guard let title = button["reply"]?["title"]?.string, (1...20).contains(title.count) else {
                throw .invalid("Button title must be 1 to 20 characters long.")
            }
        }
    }

    /// Digits with an optional leading `+`, 8 to 15 digits.
    static func isPhoneNumber(_ text: String) -> Bool {
        let digits = text.hasPrefix("+") ? text.dropFirst() : text[...]
        return (8...15).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// A refusal of a call, carrying the answer to give.
struct GraphFailure: Error {
    var reply: GraphReply

    /// Error 100 with `details`.
    static func invalid(_ details: String) -> GraphFailure {
        GraphFailure(reply: .invalidParameter(details))
    }
}

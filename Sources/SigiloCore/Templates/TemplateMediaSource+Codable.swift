/// The Cloud API's shape: `{"link":"https://…"}` or `{"id":"…"}`.
extension TemplateMediaSource: Codable {
    private enum CodingKeys: String, CodingKey {
        case link
        case id
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let id = try container.decodeIfPresent(String.self, forKey: .id) {
            self = .id(id)
        } else {
            self = .link(try container.decode(String.self, forKey: .link))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .link(let link): try container.encode(link, forKey: .link)
        case .id(let id): try container.encode(id, forKey: .id)
        }
    }
}

/// The Cloud API's component shape; decoding accepts only what Sigilo sends.
extension CloudTemplateComponent: Codable {
    private enum CodingKeys: String, CodingKey {
        case type
        case subType = "sub_type"
        case index
        case parameters
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let parameters = try container.decode([TemplateParameter].self, forKey: .parameters)
        switch try container.decode(String.self, forKey: .type) {
        case "header":
            self = .header(parameters)
        case "body":
            self = .body(parameters)
        case "button":
            guard try container.decode(String.self, forKey: .subType) == "url",
                let index = Int(try container.decode(String.self, forKey: .index))
            else {
                throw DecodingError.dataCorruptedError(
                    forKey: .subType,
                    in: container,
                    debugDescription: "expected a url button with a numeric index"
                )
            }
            self = .urlButton(index: index, parameters: parameters)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type,
                in: container,
                debugDescription: "expected header, body or button"
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .header(let parameters):
            try container.encode("header", forKey: .type)
            try container.encode(parameters, forKey: .parameters)
        case .body(let parameters):
            try container.encode("body", forKey: .type)
            try container.encode(parameters, forKey: .parameters)
        case .urlButton(let index, let parameters):
            try container.encode("button", forKey: .type)
            try container.encode("url", forKey: .subType)
            try container.encode(String(index), forKey: .index)
            try container.encode(parameters, forKey: .parameters)
        }
    }
}

/// The Cloud API's parameter shapes (reference §5), so a rendered send encodes as Meta expects:
/// `{"type":"text","text":"Maria"}`,
/// `{"type":"currency","currency":{"fallback_value":"R$ 10,00","code":"BRL","amount_1000":10000}}`,
/// `{"type":"date_time","date_time":{"fallback_value":"10/05"}}`, `{"type":"image","image":{"link":"…"}}`,
/// `{"type":"location","location":{"latitude":…,"longitude":…,"name":…,"address":…}}`.
extension TemplateParameter: Codable {
    private enum CodingKeys: String, CodingKey {
        case type
        case text
        case currency
        case dateTime = "date_time"
        case image
        case video
        case document
        case location
    }

    private enum CurrencyKeys: String, CodingKey {
        case fallbackValue = "fallback_value"
        case code
        case amount1000 = "amount_1000"
    }

    private enum DateTimeKeys: String, CodingKey {
        case fallbackValue = "fallback_value"
    }

    private enum LocationKeys: String, CodingKey {
        case latitude
        case longitude
        case name
        case address
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch CodingKeys(rawValue: type) {
        case .text:
            self = .text(try container.decode(String.self, forKey: .text))
        case .currency:
            let currency = try container.nestedContainer(keyedBy: CurrencyKeys.self, forKey: .currency)
            self = .currency(
                code: try currency.decode(String.self, forKey: .code),
                amount1000: try currency.decode(Int64.self, forKey: .amount1000),
                fallback: try currency.decode(String.self, forKey: .fallbackValue)
            )
        case .dateTime:
            let dateTime = try container.nestedContainer(keyedBy: DateTimeKeys.self, forKey: .dateTime)
            self = .dateTime(fallback: try dateTime.decode(String.self, forKey: .fallbackValue))
        case .image:
            self = .image(try container.decode(TemplateMediaSource.self, forKey: .image))
        case .video:
            self = .video(try container.decode(TemplateMediaSource.self, forKey: .video))
        case .document:
            self = .document(try container.decode(TemplateMediaSource.self, forKey: .document))
        case .location:
            let location = try container.nestedContainer(keyedBy: LocationKeys.self, forKey: .location)
            self = .location(
                latitude: try location.decode(Double.self, forKey: .latitude),
                longitude: try location.decode(Double.self, forKey: .longitude),
                name: try location.decodeIfPresent(String.self, forKey: .name),
                address: try location.decodeIfPresent(String.self, forKey: .address)
            )
        case .type, nil:
            throw DecodingError.dataCorruptedError(
                forKey: .type,
                in: container,
                debugDescription: "expected text, currency, date_time, image, video, document or location"
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try container.encode("text", forKey: .type)
            try container.encode(text, forKey: .text)
        case .currency(let code, let amount1000, let fallback):
            try container.encode("currency", forKey: .type)
            var currency = container.nestedContainer(keyedBy: CurrencyKeys.self, forKey: .currency)
            try currency.encode(fallback, forKey: .fallbackValue)
            try currency.encode(code, forKey: .code)
            try currency.encode(amount1000, forKey: .amount1000)
        case .dateTime(let fallback):
            try container.encode("date_time", forKey: .type)
            var dateTime = container.nestedContainer(keyedBy: DateTimeKeys.self, forKey: .dateTime)
            try dateTime.encode(fallback, forKey: .fallbackValue)
        case .image(let source):
            try container.encode("image", forKey: .type)
            try container.encode(source, forKey: .image)
        case .video(let source):
            try container.encode("video", forKey: .type)
            try container.encode(source, forKey: .video)
        case .document(let source):
            try container.encode("document", forKey: .type)
            try container.encode(source, forKey: .document)
        case .location(let latitude, let longitude, let name, let address):
            try container.encode("location", forKey: .type)
            var location = container.nestedContainer(keyedBy: LocationKeys.self, forKey: .location)
            try location.encode(latitude, forKey: .latitude)
            try location.encode(longitude, forKey: .longitude)
            try location.encodeIfPresent(name, forKey: .name)
            try location.encodeIfPresent(address, forKey: .address)
        }
    }
}

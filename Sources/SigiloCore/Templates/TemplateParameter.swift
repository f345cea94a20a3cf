/// A value filled into a template when sending: a body or header variable, a media header's
/// file, or the end of a link button's address.
///
/// Text, currency and date-time values fill text variables; for currency and date-time Meta
/// shows the `fallback` text (it no longer localises them), so that is also what Sigilo shows
/// and stores. Media and location values fill a header of the matching format.
package enum TemplateParameter: Sendable, Equatable {
    /// Plain text.
    case text(String)
    /// An amount in `code` (ISO 4217, `BRL`) times 1000 (`R$ 10,00` is 10000), shown as `fallback`.
    case currency(code: String, amount1000: Int64, fallback: String)
    /// A date and time, shown as `fallback`.
    case dateTime(fallback: String)
    /// An image header's file.
    case image(TemplateMediaSource)
    /// A video header's file.
    case video(TemplateMediaSource)
    /// A document header's file.
    case document(TemplateMediaSource)
    /// A location header's pin, with an optional place name and address.
    case location(latitude: Double, longitude: Double, name: String? = nil, address: String? = nil)

    /// The text that replaces a variable, or `nil` for a parameter that cannot fill one.
    package var substitutionText: String? {
        switch self {
        case .text(let text): text
        case .currency(_, _, let fallback), .dateTime(let fallback): fallback
        case .image, .video, .document, .location: nil
        }
    }
}

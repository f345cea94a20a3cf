/// What a template's header shows: a short text, a media file, or a map pin.
package enum TemplateHeaderFormat: String, Sendable, Codable, CaseIterable {
    /// Text of at most 60 characters, with at most one variable.
    case text
    /// An image, given when sending.
    case image
    /// A video, given when sending.
    case video
    /// A document (such as a PDF), given when sending.
    case document
    /// A location, given when sending.
    case location

    /// Whether the header is a file given when sending (image, video or document).
    package var isMedia: Bool {
        switch self {
        case .image, .video, .document: true
        case .text, .location: false
        }
    }
}

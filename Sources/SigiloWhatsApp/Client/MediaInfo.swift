/// What `GET /{media-id}` says about a media file (reference §7): a short-lived download
/// address (about five minutes; it needs the same Bearer token) and integrity data.
package struct MediaInfo: Sendable, Equatable {
    /// The media id.
    package var id: String?
    /// The download address.
    package var url: String
    /// The MIME type (`image/jpeg`, `audio/ogg; codecs=opus`).
    package var mimeType: String?
    /// The SHA-256 of the file, hex or base64, as Meta gives it.
    package var sha256: String?
    /// The size in bytes.
    package var fileSize: Int?

    /// Creates media information.
    /// - Parameters:
    ///   - id: The media id.
    ///   - url: The download address.
    ///   - mimeType: The MIME type.
    ///   - sha256: The file's SHA-256, hex or base64.
    ///   - fileSize: The size in bytes.
    package init(id: String? = nil, url: String, mimeType: String? = nil, sha256: String? = nil, fileSize: Int? = nil) {
        self.id = id
        self.url = url
        self.mimeType = mimeType
        self.sha256 = sha256
        self.fileSize = fileSize
    }
}

import Crypto
package import Foundation
package import Logging
import NIOCore
import NIOHTTP1

extension GraphClient {
    /// Resolves a media id (from an inbound message) to its download address and integrity
    /// data (`GET /{media-id}`). Ids from webhooks expire after 7 days, the address after
    /// about 5 minutes: resolve right before downloading.
    /// - Parameters:
    ///   - id: The media id.
    ///   - token: The channel's access token.
    ///   - logger: The caller's logger.
    /// - Returns: The address, MIME type, SHA-256 and size.
    /// - Throws: ``GraphCallError``.
    package func mediaInfo(id: String, token: String, logger: Logger) async throws(GraphCallError) -> MediaInfo {
        let answer = try await perform(.GET, url: url([id]), token: token, operation: "media_info", logger: logger)
        let wire = try answer.decode(MediaResponse.self)
        return MediaInfo(
            id: wire.id,
            url: wire.url,
            mimeType: wire.mimeType,
            sha256: wire.sha256,
            fileSize: wire.fileSize
        )
    }

    /// Downloads media from the address ``mediaInfo(id:token:logger:)`` gave, with the same
    /// Bearer token, and checks it.
    ///
    /// Security: the token is sent only to an https address (plain http only on loopback, for
    /// the fake), so a tampered address cannot carry it off in clear text; a body larger than
    /// `maximumBytes` (by `Content-Length`, by the size Meta announced, or while reading) is
    /// refused; bytes whose SHA-256 differs from Meta's are refused.
    /// - Parameters:
    ///   - info: What ``mediaInfo(id:token:logger:)`` returned.
    ///   - token: The channel's access token.
    ///   - maximumBytes: The largest file accepted.
    ///   - logger: The caller's logger.
    /// - Returns: The file's bytes.
    /// - Throws: ``GraphCallError``: `media_too_large`, `media_checksum_mismatch`,
    ///   `malformed_response` for an unacceptable address, or a call failure.
    package func downloadMedia(
        _ info: MediaInfo,
        token: String,
        maximumBytes: Int,
        logger: Logger
    ) async throws(GraphCallError) -> Data {
        guard OutboundMessage.isAcceptableLink(info.url) else { throw .malformedResponse }
        if let size = info.fileSize, size > maximumBytes { throw .mediaTooLarge }
        let answer = try await perform(
            .GET,
            url: info.url,
            token: token,
            operation: "media_download",
            maximumBytes: maximumBytes,
            oversize: .mediaTooLarge,
            logger: logger
        )
        let bytes = Data(answer.body.readableBytesView)
        if let expected = info.sha256, !Self.matches(SHA256.hash(data: bytes), expected) {
            logger.notice("graph media checksum mismatch", metadata: ["whatsapp.operation": "media_download"])
            throw .mediaChecksumMismatch
        }
        return bytes
    }

    /// Whether `digest` is `expected`, which Meta writes in hex (media endpoint) or base64
    /// (some webhook payloads).
    static func matches(_ digest: SHA256.Digest, _ expected: String) -> Bool {
        let bytes = Data(digest)
        let trimmed = expected.trimmingCharacters(in: .whitespaces)
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        if trimmed.lowercased() == hex { return true }
        return Data(base64Encoded: trimmed) == bytes
    }
}

/// `{"messaging_product":"whatsapp","url":"…","mime_type":"…","sha256":"…","file_size":49664,"id":"…"}`.
private struct MediaResponse: Decodable {
    var id: String?
    var url: String
    var mimeType: String?
    var sha256: String?
    var fileSize: Int?

    enum CodingKeys: String, CodingKey {
        case id
        case url
        case mimeType = "mime_type"
        case sha256
        case fileSize = "file_size"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        url = try container.decode(String.self, forKey: .url)
        mimeType = try container.decodeIfPresent(String.self, forKey: .mimeType)
        sha256 = try container.decodeIfPresent(String.self, forKey: .sha256)
        // Meta documents a number; accept a string too.
        if let size = try? container.decodeIfPresent(Int.self, forKey: .fileSize) {
            fileSize = size
        } else {
            fileSize = (try? container.decodeIfPresent(String.self, forKey: .fileSize)).flatMap { $0.flatMap(Int.init) }
        }
    }
}

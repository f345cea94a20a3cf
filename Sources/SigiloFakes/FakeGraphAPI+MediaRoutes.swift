import Crypto
package import Foundation
import Synchronization

extension FakeGraphAPI {
    /// Stores `bytes` as a media object and returns its id (what an inbound image carries).
    package func addMedia(_ bytes: Data, mimeType: String) -> String {
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return state.withLock { state in
            let id = String(1_000_000_000_000_000 + state.nextSerial() * 7919)
            state.media[id] = Media(id: id, bytes: bytes, mimeType: mimeType, sha256: digest)
            return id
        }
    }

    /// `GET /{media-id}`: the metadata and a short-lived, Bearer-only download URL.
    func mediaInfo(id: String) -> GraphReply {
        let origin = origin
        let lifetime = configuration.mediaURLLifetime
        return state.withLock { state in
            guard let media = state.media[id] else { return .unknownObject(id, method: "GET") }
            let token = UUID().uuidString.lowercased()
            let seconds = Double(lifetime.components.seconds) + Double(lifetime.components.attoseconds) / 1e18
            state.lookaside[token] = (id, state.now.addingTimeInterval(seconds))
            return .json([
                "messaging_product": "whatsapp", "url": .string("\(origin)/_lookaside/\(token)"),
                "mime_type": .string(media.mimeType), "sha256": .string(media.sha256),
                "file_size": .int(media.bytes.count), "id": .string(media.id),
            ])
        }
    }

    /// `GET /_lookaside/{token}` (authorised): the bytes while the URL lives, then 404.
    func download(token: String) -> GraphReply {
        state.withLock { state in
            guard let grant = state.lookaside[token], state.now < grant.expires, let media = state.media[grant.mediaID]
            else { return .text("URL signature expired", status: 404) }
            return GraphReply(status: 200, contentType: media.mimeType, body: Array(media.bytes))
        }
    }

    /// `DELETE /{media-id}`.
    func deleteMedia(id: String) -> GraphReply {
        state.withLock { state in
            guard state.media.removeValue(forKey: id) != nil else { return .unknownObject(id, method: "DELETE") }
            return .success
        }
    }

    /// `POST /{phone-number-id}/media`, multipart fields `file`, `type`, `messaging_product`.
    func upload(phoneNumberID: String, call: GraphCall) -> GraphReply {
        guard phoneNumber(phoneNumberID) != nil else { return .unknownObject(phoneNumberID, method: "POST") }
        guard let form = MultipartForm(contentType: call.contentType, body: call.body) else {
            return .invalidParameter("The request must be multipart/form-data.")
        }
        guard form.text("messaging_product") == "whatsapp" else {
            return .invalidParameter("The parameter messaging_product is required.")
        }
        guard let file = form.parts.first(where: { $0.name == "file" }), !file.body.isEmpty else {
            return .invalidParameter("The parameter file is required.")
        }
        guard let type = form.text("type") ?? file.contentType, type.contains("/") else {
            return .invalidParameter("The parameter type is required.")
        }
        return .json(["id": .string(addMedia(file.body, mimeType: type))])
    }
}

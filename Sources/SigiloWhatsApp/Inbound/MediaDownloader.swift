package import AsyncHTTPClient
package import Foundation
package import Logging
package import SigiloStore

/// Downloads inbound media while Meta still has it (ids expire after 7 days; each download URL
/// after about 5 minutes): two calls with the channel's Bearer token, the SHA-256 checked,
/// the bytes stored sealed. Failures are counted and retried by the sweep, up to 5 times.
package struct MediaDownloader: Sendable {
    let httpClient: HTTPClient
    let channels: ChannelRepository
    let media: MessageMediaRepository
    let maximumBytes: Int
    let logger: Logger

    package init(
        httpClient: HTTPClient,
        channels: ChannelRepository,
        media: MessageMediaRepository,
        maximumBytes: Int = 100 * 1024 * 1024,
        logger: Logger
    ) {
        self.httpClient = httpClient
        self.channels = channels
        self.media = media
        self.maximumBytes = maximumBytes
        self.logger = logger
    }

    /// Downloads one message's media; failures are logged (codes only) and counted.
    package func download(tenant: UUID, message: UUID, mediaID: String, channel: UUID) async {
        do {
            guard let (stored, credentials) = try await channels.credentials(tenant: tenant, id: channel) else {
                return
            }
            let client = GraphClient(httpClient: httpClient, baseURL: stored.graphBaseURL)
            let info = try await client.mediaInfo(id: mediaID, token: credentials.accessToken, logger: logger)
            guard Self.mayReceiveToken(info.url, graphBaseURL: stored.graphBaseURL) else {
                throw GraphCallError.malformedResponse
            }
            let bytes = try await client.downloadMedia(
                info,
                token: credentials.accessToken,
                maximumBytes: maximumBytes,
                logger: logger
            )
            try await media.store(tenant: tenant, message: message, bytes: bytes, mimeType: info.mimeType)
        } catch {
            logger.warning(
                "inbound media download failed",
                metadata: [
                    "sigilo.tenant_id": "\(tenant)", "sigilo.message_id": "\(message)",
                    "error.code": "\((error as? GraphCallError)?.code ?? String(reflecting: type(of: error)))",
                ]
            )
            try? await media.recordFailure(tenant: tenant, message: message)
        }
    }

    /// Whether the channel's Bearer token may go to `url`: Meta's media hosts (`*.fbsbx.com`,
    /// `*.facebook.com`, `*.whatsapp.net`) or the Graph API's own host, never anywhere a
    /// forged or tampered media answer points.
    static func mayReceiveToken(_ url: String, graphBaseURL: String) -> Bool {
        guard let host = URL(string: url)?.host?.lowercased() else { return false }
        if host == URL(string: graphBaseURL)?.host?.lowercased() { return true }
        return [".fbsbx.com", ".facebook.com", ".whatsapp.net"].contains { host.hasSuffix($0) }
    }

    /// Downloads what earlier attempts left (a crash, Meta unavailable).
    package func sweep() async {
        guard let pending = try? await media.backlog(limit: 50) else { return }
        for item in pending {
            await download(tenant: item.tenant, message: item.message, mediaID: item.mediaID, channel: item.channel)
        }
    }
}

package import Hummingbird
package import SigiloCore

/// The per-request state every Sigilo route sees.
///
/// `requestID` is also written to the logger's `hb.request.id` metadata by
/// ``RequestIDMiddleware``, so `context.id`, the logs, the `X-Request-ID` response header and
/// the `request_id` of an error body all carry the same value.
package struct SigiloRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The request's identifier, accepted from `X-Request-ID` or generated.
    package var requestID: SigiloCore.RequestID
    /// The largest body this request may carry, from `http.maxBodySize`.
    package var maxBodySize: Int
    /// The peer's IP address, for per-address login throttling (`nil` when unknown, as in
    /// router tests). Behind a proxy this is the proxy's address; see docs/auth.md.
    package var remoteAddress: String?

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = SigiloCore.RequestID.generate()
        self.maxBodySize = APIConfiguration.defaultMaxBodySize
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Hummingbird's body collection limit follows the configured limit.
    package var maxUploadSize: Int { maxBodySize }
}

import Foundation
package import Hummingbird
import Logging
import SigiloStore

/// Turns every error into the one envelope, so no route can answer in another shape.
///
/// - ``APIError``s pass through, as do ``OAuthError``s (RFC 6749 form, token endpoints only).
/// - Hummingbird's own errors (no route, body too large, …) get our codes; a 404 on a path that
///   exists with other methods becomes 405.
/// - Anything else is a bug: 500 `internal`, with only the error's type and SQLSTATE logged,
///   because error descriptions can carry row values or request data.
package struct ErrorMiddleware: RouterMiddleware {
    package typealias Context = SigiloRequestContext
    private let routes: RouteTable
    private let maxBodySize: Int

    /// - Parameters:
    ///   - routes: The served routes, to tell 404 from 405.
    ///   - maxBodySize: The configured limit, quoted in 413 messages.
    package init(routes: RouteTable, maxBodySize: Int) {
        self.routes = routes
        self.maxBodySize = maxBodySize
    }

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as OAuthError {
            return try error.response(from: request, context: context)
        } catch let error as SealedDataError {
            context.logger.error(
                "sealed data unreadable",
                metadata: [
                    "sealed.code": "\(error.code.rawValue)", "sealed.table": "\(error.table)",
                    "sealed.column": "\(error.column ?? "")", "sealed.row": "\(error.row.uuidString.lowercased())",
                ]
            )
            return try APIError.sealedDataUnreadable.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try translate(error, path: request.uri.path).response(from: request, context: context)
        } catch {
            var metadata: Logger.Metadata = ["error.type": "\(type(of: error))"]
            if let sqlState = StoreError.sqlState(of: error) { metadata["db.sqlstate"] = "\(sqlState)" }
            context.logger.error("unexpected error", metadata: metadata)
            return try APIError.internal.response(from: request, context: context)
        }
    }

    private func translate(_ error: any HTTPResponseError, path: String) -> APIError {
        switch error.status {
        case .notFound:
            let allowed = routes.methods(forPath: path)
            return allowed.isEmpty ? .routeNotFound : .methodNotAllowed(allowed: allowed)
        case .contentTooLarge:
            return .payloadTooLarge(limit: maxBodySize)
        case .unsupportedMediaType:
            return .unsupportedMediaType
        default:
            return error.status.code >= 500 ? .internal : .generic(error.status)
        }
    }
}

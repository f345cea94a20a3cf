package import HTTPTypes
package import Hummingbird

/// Registers routes on the router and in the ``RouteTable`` at once, so the 405 answer can
/// never disagree with what is actually served.
package struct APIRoutes {
    package typealias Context = SigiloRequestContext
    package let router: Router<Context>
    package let table: RouteTable

    package init(router: Router<Context>, table: RouteTable) {
        self.router = router
        self.table = table
    }

    /// Serves `method` at `path` with `handler`.
    package func on(
        _ method: HTTPRequest.Method,
        _ path: String,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        table.register(method, path)
        router.on(RouterPath(path), method: method, use: handler)
    }

    package func get(
        _ path: String,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        on(.get, path, use: handler)
    }

    package func post(
        _ path: String,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        on(.post, path, use: handler)
    }

    package func put(
        _ path: String,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        on(.put, path, use: handler)
    }

    package func patch(
        _ path: String,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        on(.patch, path, use: handler)
    }

    package func delete(
        _ path: String,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        on(.delete, path, use: handler)
    }
}

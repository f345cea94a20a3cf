import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SigiloAPI
import SigiloStore
import SigiloTesting

/// A migrated database with two tenants (`acme`, `globex`) and users of every role, and a
/// server built from it through the real composition root.
struct IdentityFixture: Sendable {
    static let password = "fixture password 4 tests"

    let database: TestDatabase
    let reader: ConfigReader
    let acme: UUID
    let globex: UUID
    /// Users by name: `admin`, `agent`, `compliance` of acme; `globexAdmin` of globex.
    let users: [String: UUID]

    static func email(_ name: String) -> String {
        name == "globexAdmin" ? "admin@globex.example" : "\(name)@acme.example"
    }

    /// Runs `body` with the fixture and its application.
    static func with(
        overrides: [String: String] = [:],
        logger: Logger = silentLogger,
        _ body: (IdentityFixture, any ApplicationProtocol) async throws -> Void
    ) async throws {
        try await TestDatabase.withMigrated { database in
            let reader = TestConfiguration.reader(database: database, overrides: overrides)
            let administration = IdentityAdministration(configuration: try AuthConfiguration(reader: reader))
            let owner = database.pool(owner: true, maximumConnections: 1)
            let (acme, globex) = try await owner.whileRunning {
                (
                    try await administration.createTenant(slug: "acme", name: "Acme", ownerDatabase: owner).id,
                    try await administration.createTenant(slug: "globex", name: "Globex", ownerDatabase: owner).id
                )
            }
            let pool = database.pool()
            let users = try await pool.whileRunning {
                var users: [String: UUID] = [:]
                for (name, role) in [("admin", "admin"), ("agent", "agent"), ("compliance", "compliance")] {
                    users[name] = try await administration.createUser(
                        tenant: "acme",
                        email: email(name),
                        roles: [role],
                        password: password,
                        database: pool
                    )
                }
                users["globexAdmin"] = try await administration.createUser(
                    tenant: "globex",
                    email: email("globexAdmin"),
                    roles: ["admin"],
                    password: password,
                    database: pool
                )
                return users
            }
            let fixture = IdentityFixture(database: database, reader: reader, acme: acme, globex: globex, users: users)
            let app = try await buildApplication(reader: reader, logger: logger)
            try await body(fixture, app)
        }
    }
}

/// A decoded JSON response.
struct JSONReply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: Data

    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:]
    }

    subscript(key: String) -> String? { object[key] as? String }

    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }

    /// The RFC 6749 error of the OAuth endpoints.
    var oauthError: String? { object["error"] as? String }
}

extension TestClientProtocol {
    /// Sends a JSON request (or none) with an optional bearer token.
    func json(
        _ method: HTTPRequest.Method,
        _ uri: String,
        body: [String: Any]? = nil,
        token: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> JSONReply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        }
        let response = try await execute(uri: uri, method: method, headers: headers, body: buffer)
        return JSONReply(
            status: response.status,
            headers: response.headers,
            body: Data(response.body.readableBytesView)
        )
    }

    /// Sends a form-encoded request (the OAuth endpoints).
    func form(_ uri: String, _ fields: [(String, String)], headers extra: HTTPFields = [:]) async throws -> JSONReply {
        var headers = extra
        headers[.contentType] = "application/x-www-form-urlencoded"
        let text = fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let response = try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: text))
        return JSONReply(
            status: response.status,
            headers: response.headers,
            body: Data(response.body.readableBytesView)
        )
    }

    /// Logs in as a fixture user and returns the reply (tokens on success).
    func login(
        _ name: String,
        tenant: String = "acme",
        password: String = IdentityFixture.password
    ) async throws -> JSONReply {
        try await json(
            .post,
            "/auth/login",
            body: ["tenant": tenant, "email": IdentityFixture.email(name), "password": password]
        )
    }

    /// Logs in and returns the access token, failing the test when login fails.
    func accessToken(_ name: String, tenant: String = "acme") async throws -> String {
        let reply = try await login(name, tenant: tenant)
        guard reply.status == .ok, let token = reply["access_token"] else {
            throw FixtureError(message: "login of \(name) failed with \(reply.status)")
        }
        return token
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(
            of: "%20",
            with: "+"
        )
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

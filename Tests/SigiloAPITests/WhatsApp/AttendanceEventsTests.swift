import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SigiloTesting
import Testing

@testable import SigiloAPI

/// The attendance-events integration (`POST /webhook/`): conversations start OPEN, a CLOSED
/// one takes no message, a message needs its conversation, ids are unique, a repeat is
/// idempotent, and every bad input is a 4xx.
@Suite("Attendance events")
struct AttendanceEventsTests {
    static func event(_ type: String, _ data: [String: Any], timestamp: Any = "2026-12-05T10:00:00Z") -> [String: Any] {
        ["type": type, "timestamp": timestamp, "data": data]
    }

    static func withKey(_ body: @escaping @Sendable (any TestClientProtocol, String) async throws -> Void) async throws
    {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let admin = try await client.accessToken("admin")
                let created = try await client.json(
                    .post,
                    "/integration-keys",
                    body: ["name": "Sistema X"],
                    token: admin
                )
                guard created.status == .created, let key = created["key"] else {
                    throw FixtureError(message: "integration key creation failed with \(created.status)")
                }
                try await body(client, key)
            }
        }
    }

    @Test("a conversation opens, takes messages, closes; repeats are idempotent; GET shows state and messages")
    func lifecycle() async throws {
        try await Self.withKey { client, key in
            let conversation = UUID().uuidString.lowercased()
            let opened = try await client.json(
                .post,
                "/webhook/",
                body: Self.event("NEW_CONVERSATION", ["id": conversation]),
                token: key
            )
            #expect(opened.status == .created)
            #expect(opened["state"] == "OPEN")
            let again = try await client.json(
                .post,
                "/webhook/",
                body: Self.event("NEW_CONVERSATION", ["id": conversation]),
                token: key
            )
            #expect(again.status == .ok)
            let message = UUID().uuidString.lowercased()
            let body = Self.event(
                "NEW_MESSAGE",
                [
                    "id": message, "direction": "RECEIVED", "content": "Olá, preciso de ajuda 🙏",
                    "conversation_id": conversation,
                ]
            )
            let recorded = try await client.json(.post, "/webhook/", body: body, token: key)
            #expect(recorded.status == .created)
            #expect(recorded["direction"] == "RECEIVED")
            #expect(try await client.json(.post, "/webhook", body: body, token: key).status == .ok)
            let reply = Self.event(
                "NEW_MESSAGE",
                ["id": UUID().uuidString, "direction": "SENT", "content": "Claro!", "conversation_id": conversation],
                timestamp: 1_796_468_400
            )
            #expect(try await client.json(.post, "/webhook/", body: reply, token: key).status == .created)
            let read = try await client.json(.get, "/conversations/\(conversation)/", token: key)
            #expect(read.status == .ok)
            #expect(read["state"] == "OPEN")
            let messages = read.object["messages"] as? [[String: Any]] ?? []
            #expect(messages.map { $0["direction"] as? String } == ["RECEIVED", "SENT"])
            #expect(messages.first?["content"] as? String == "Olá, preciso de ajuda 🙏")
            let closed = try await client.json(
                .post,
                "/webhook/",
                body: Self.event("CLOSE_CONVERSATION", ["id": conversation]),
                token: key
            )
            #expect(closed.status == .ok)
            #expect(closed["state"] == "CLOSED")
            #expect(
                try await client.json(
                    .post,
                    "/webhook/",
                    body: Self.event("CLOSE_CONVERSATION", ["id": conversation]),
                    token: key
                ).status == .ok
            )
            let late = Self.event(
                "NEW_MESSAGE",
                [
                    "id": UUID().uuidString, "direction": "RECEIVED", "content": "ainda aí?",
                    "conversation_id": conversation,
                ]
            )
            let refused = try await client.json(.post, "/webhook/", body: late, token: key)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "conversation_closed")
            #expect(try await client.json(.get, "/conversations/\(conversation)", token: key)["state"] == "CLOSED")
        }
    }

    @Test("ids are unique: a different event reusing an id is 409; a message needs an existing conversation")
    func uniqueness() async throws {
        try await Self.withKey { client, key in
            let conversation = UUID().uuidString
            #expect(
                try await client.json(
                    .post,
                    "/webhook/",
                    body: Self.event("NEW_CONVERSATION", ["id": conversation]),
                    token: key
                ).status == .created
            )
            // A retry stamped anew, or without a stamp, is still the same event.
            let restamped = try await client.json(
                .post,
                "/webhook/",
                body: Self.event("NEW_CONVERSATION", ["id": conversation], timestamp: "2026-12-06T10:00:00Z"),
                token: key
            )
            #expect(restamped.status == .ok)
            let unstamped = try await client.json(
                .post,
                "/webhook/",
                body: ["type": "NEW_CONVERSATION", "data": ["id": conversation]],
                token: key
            )
            #expect(unstamped.status == .ok)
            let message = UUID().uuidString
            let first = Self.event(
                "NEW_MESSAGE",
                ["id": message, "direction": "SENT", "content": "a", "conversation_id": conversation]
            )
            let second = Self.event(
                "NEW_MESSAGE",
                ["id": message, "direction": "SENT", "content": "b", "conversation_id": conversation]
            )
            #expect(try await client.json(.post, "/webhook/", body: first, token: key).status == .created)
            #expect(try await client.json(.post, "/webhook/", body: second, token: key).errorCode == "id_conflict")
            let orphan = Self.event(
                "NEW_MESSAGE",
                ["id": UUID().uuidString, "direction": "SENT", "content": "a", "conversation_id": UUID().uuidString]
            )
            let missing = try await client.json(.post, "/webhook/", body: orphan, token: key)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "conversation_not_found")
            let closeUnknown = try await client.json(
                .post,
                "/webhook/",
                body: Self.event("CLOSE_CONVERSATION", ["id": UUID().uuidString]),
                token: key
            )
            #expect(closeUnknown.status == .notFound)
        }
    }

    @Test("every bad input is a 4xx JSON error, never a 500")
    func badInputs() async throws {
        try await Self.withKey { client, key in
            let conversation = UUID().uuidString
            let cases: [([String: Any], String)] = [
                (["timestamp": 1, "data": ["id": conversation]], "missing_field"),
                (Self.event("OPEN_CONVERSATION", ["id": conversation]), "invalid_field"),
                (Self.event("NEW_CONVERSATION", ["id": "42"]), "invalid_field"),
                (Self.event("NEW_CONVERSATION", [:]), "missing_field"),
                (["type": "NEW_CONVERSATION", "timestamp": 1], "missing_field"),
                (Self.event("NEW_CONVERSATION", ["id": conversation], timestamp: "ontem"), "invalid_field"),
                (Self.event("NEW_CONVERSATION", ["id": conversation, "extra": 1]), "unknown_field"),
                (
                    Self.event(
                        "NEW_MESSAGE",
                        ["id": conversation, "direction": "UP", "content": "a", "conversation_id": conversation]
                    ), "invalid_field"
                ),
                (
                    Self.event(
                        "NEW_MESSAGE",
                        ["id": conversation, "direction": "SENT", "conversation_id": conversation]
                    ), "missing_field"
                ),
                (Self.event("NEW_MESSAGE", ["id": conversation, "direction": "SENT", "content": ""]), "invalid_field"),
                (
                    Self.event("NEW_MESSAGE", ["id": conversation, "direction": "SENT", "content": "a"]),
                    "missing_field"
                ),
                (
                    Self.event(
                        "NEW_MESSAGE",
                        ["id": conversation, "direction": "SENT", "content": "a", "conversation_id": "x"]
                    ), "invalid_field"
                ),
                (["type": 3, "data": ["id": conversation]], "invalid_field"),
            ]
            for (body, code) in cases {
                let reply = try await client.json(.post, "/webhook/", body: body, token: key)
                #expect(reply.status.code / 100 == 4, "\(body)")
                #expect(reply.errorCode == code, "\(body)")
            }
            let malformed = try await client.execute(
                uri: "/webhook/",
                method: .post,
                headers: [.authorization: "Bearer \(key)", .contentType: "application/json"],
                body: ByteBuffer(string: "{\"type\":")
            )
            #expect(malformed.status == .badRequest)
            let noAuth = try await client.json(
                .post,
                "/webhook/",
                body: Self.event("NEW_CONVERSATION", ["id": conversation])
            )
            #expect(noAuth.status == .unauthorized)
            let badKey = try await client.json(
                .post,
                "/webhook/",
                body: Self.event("NEW_CONVERSATION", ["id": conversation]),
                token: "sgk_not-a-real-key"
            )
            #expect(badKey.status == .unauthorized)
        }
    }

    @Test("an OAuth2 client needs the events:write scope; a revoked integration key stops at once")
    func authentication() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let (withScope, secret) = try await OAuthTests.register(client, scopes: ["events:write"])
                let token = try await client.form(
                    "/oauth/token",
                    [("grant_type", "client_credentials")],
                    headers: OAuthTests.basic(withScope, secret)
                )["access_token"]
                let event = Self.event("NEW_CONVERSATION", ["id": UUID().uuidString])
                #expect(try await client.json(.post, "/webhook/", body: event, token: token).status == .created)
                let (without, otherSecret) = try await OAuthTests.register(client, scopes: ["contacts:read"])
                let narrow = try await client.form(
                    "/oauth/token",
                    [("grant_type", "client_credentials")],
                    headers: OAuthTests.basic(without, otherSecret)
                )["access_token"]
                #expect(try await client.json(.post, "/webhook/", body: event, token: narrow).status == .forbidden)
                let admin = try await client.accessToken("admin")
                let created = try await client.json(.post, "/integration-keys", body: ["name": "X"], token: admin)
                let key = try #require(created["key"])
                let id = try #require(created["id"])
                let listed = try await client.json(.get, "/integration-keys", token: admin)
                #expect(!String(decoding: listed.body, as: UTF8.self).contains(key))
                #expect(try await client.json(.delete, "/integration-keys/\(id)", token: admin).status == .noContent)
                let after = Self.event("NEW_CONVERSATION", ["id": UUID().uuidString])
                #expect(try await client.json(.post, "/webhook/", body: after, token: key).status == .unauthorized)
            }
        }
    }
}

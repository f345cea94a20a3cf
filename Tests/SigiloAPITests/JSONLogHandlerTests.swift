import Foundation
import Logging
import Synchronization
import Testing

@testable import SigiloAPI

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let stored = Mutex<[String]>([])
        var all: [String] { stored.withLock { $0 } }
        func append(_ bytes: [UInt8]) { stored.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
    }

    private func logger(_ lines: Lines) -> Logger {
        Logger(label: "sigilo") { label in JSONLogHandler(label: label, level: .info, sink: { lines.append($0) }) }
    }

    @Test("one JSON object per line with level, message and metadata; control characters escaped")
    func writesJSONLines() throws {
        let lines = Lines()
        var log = logger(lines)
        log[metadataKey: "hb.request.id"] = "abc"
        log.info("request completed", metadata: ["http.status": "200", "note": "tab\tquote\"newline\n\u{1}"])
        log.debug("dropped below level")
        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["level"] == "info")
        #expect(object["label"] == "sigilo")
        #expect(object["msg"] == "request completed")
        #expect(object["hb.request.id"] == "abc")
        #expect(object["note"] == "tab\tquote\"newline\n\u{1}")
        #expect(object["ts"]?.hasSuffix("Z") == true)
    }

    @Test("an attached error is reduced to its type name")
    func errorTypeOnly() throws {
        struct SecretBearingError: Error, CustomStringConvertible {
            var description: String { "password=hunter2" }
        }
        let lines = Lines()
        let log = logger(lines)
        log.log(level: .error, "failed", error: SecretBearingError())
        let line = try #require(lines.all.first)
        #expect(line.contains("SecretBearingError"))
        #expect(!line.contains("hunter2"))
    }
}

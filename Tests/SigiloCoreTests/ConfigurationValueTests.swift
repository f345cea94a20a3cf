import SigiloCore
import Testing

@Suite("Configuration values")
struct ConfigurationValueTests {
    @Test("integers are parsed within their range")
    func integers() throws {
        #expect(try ConfigurationValue.integer(" 8080 ", key: "http.port", in: 0...65535) == 8080)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationValue.integer("70000", key: "http.port", in: 0...65535)
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationValue.integer("80a", key: "http.port", in: 0...65535)
        }
    }

    @Test("sizes accept binary suffixes and refuse overflow")
    func byteSizes() throws {
        let range = 1...(1 << 40)
        #expect(try ConfigurationValue.byteSize("1MiB", key: "k", in: range) == 1_048_576)
        #expect(try ConfigurationValue.byteSize("512KiB", key: "k", in: range) == 524_288)
        #expect(try ConfigurationValue.byteSize("2048", key: "k", in: range) == 2048)
        #expect(try ConfigurationValue.byteSize("3 GiB", key: "k", in: range) == 3 << 30)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationValue.byteSize("9999999999999GiB", key: "k", in: range)
        }
        #expect(throws: ConfigurationError.self) { try ConfigurationValue.byteSize("1MB", key: "k", in: range) }
        #expect(throws: ConfigurationError.self) { try ConfigurationValue.byteSize("-1", key: "k", in: range) }
    }

    @Test("durations take seconds or milliseconds")
    func durations() throws {
        let range = Duration.milliseconds(100)...Duration.seconds(60)
        #expect(try ConfigurationValue.duration("5s", key: "k", in: range) == .seconds(5))
        #expect(try ConfigurationValue.duration("250ms", key: "k", in: range) == .milliseconds(250))
        #expect(try ConfigurationValue.duration("7", key: "k", in: range) == .seconds(7))
        #expect(throws: ConfigurationError.self) { try ConfigurationValue.duration("50ms", key: "k", in: range) }
        #expect(throws: ConfigurationError.self) { try ConfigurationValue.duration("soon", key: "k", in: range) }
    }

    @Test("choices and booleans")
    func choicesAndBooleans() throws {
        #expect(try ConfigurationValue.choice("JSON", key: "log.format", from: ["json", "text"]) == "json")
        #expect(throws: ConfigurationError.self) {
            try ConfigurationValue.choice("xml", key: "log.format", from: ["json", "text"])
        }
        #expect(try ConfigurationValue.boolean("yes", key: "k"))
        #expect(try !ConfigurationValue.boolean("off", key: "k"))
        #expect(throws: ConfigurationError.self) { try ConfigurationValue.boolean("maybe", key: "k") }
    }

    @Test("an error names the key and its variable, never the rejected value")
    func errorMessage() {
        let secretLooking = "postgres://user:hunter2@db/x"
        do {
            _ = try ConfigurationValue.integer(secretLooking, key: "database.poolSize", in: 1...500)
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains("database.poolSize"))
            #expect(String(describing: error).contains("DATABASE_POOL_SIZE"))
            #expect(!String(describing: error).contains("hunter2"))
        }
    }

    @Test("environment names follow swift-configuration's encoding")
    func environmentNames() {
        #expect(ConfigurationKeyName.environmentName(of: "http.maxBodySize") == "HTTP_MAX_BODY_SIZE")
        #expect(ConfigurationKeyName.environmentName(of: "database.url") == "DATABASE_URL")
        #expect(ConfigurationKeyName.environmentName(of: "database.ownerUrl") == "DATABASE_OWNER_URL")
    }
}

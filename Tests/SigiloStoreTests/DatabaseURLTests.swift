import SigiloCore
import SigiloStore
import Testing

@Suite("Database URLs")
struct DatabaseURLTests {
    @Test("a TCP URL with credentials and sslmode")
    func tcp() throws {
        let url = try DatabaseURL(
            parsing: "postgres://app:s%40cret@db.internal:6543/sigilo?sslmode=require",
            key: "database.url"
        )
        #expect(url.endpoint == .tcp(host: "db.internal", port: 6543))
        #expect(url.username == "app")
        #expect(url.password == "s@cret")
        #expect(url.database == "sigilo")
        #expect(url.tls == .require)
    }

    @Test("a unix socket folder given as ?host=, as libpq does")
    func unixSocket() throws {
        let url = try DatabaseURL(parsing: "postgresql://app@/sigilo?host=/run/pg", key: "database.url")
        #expect(url.endpoint == .unixSocket(path: "/run/pg/.s.PGSQL.5432"))
        #expect(url.password == nil)
        #expect(try DatabaseURL(parsing: url.connectionString, key: "k") == url)
    }

    @Test("the printed form hides the password; the connection string round-trips")
    func redaction() throws {
        let url = try DatabaseURL(
            parsing: "postgres://app:hunter2@127.0.0.1:5432/sigilo?sslmode=disable",
            key: "database.url"
        )
        #expect(!url.description.contains("hunter2"))
        #expect(url.description.contains("***"))
        #expect(try DatabaseURL(parsing: url.connectionString, key: "k") == url)
    }

    @Test(
        "malformed URLs are refused without quoting them",
        arguments: [
            "mysql://app:hunter2@h/db", "postgres://h/db", "postgres://app:hunter2@h/",
            "postgres://app:hunter2@h/db?sslmode=maybe",
            "not a url at all hunter2",
        ]
    )
    func refusesMalformed(text: String) {
        do {
            _ = try DatabaseURL(parsing: text, key: "database.url")
            Issue.record("accepted \(text)")
        } catch {
            #expect(String(describing: error).contains("DATABASE_URL"))
            #expect(!String(describing: error).contains("hunter2"))
        }
    }
}

import SigiloCore
import Testing

@Suite("Deadline")
struct DeadlineTests {
    @Test("work that finishes in time returns its value")
    func finishesInTime() async throws {
        let value = try await Deadline.run(within: .seconds(5)) { 42 }
        #expect(value == 42)
    }

    @Test("work that overruns is cancelled and reported")
    func overruns() async throws {
        await #expect(throws: Deadline.Exceeded.self) {
            try await Deadline.run(within: .milliseconds(50)) {
                try await Task.sleep(for: .seconds(30))
                return 1
            }
        }
    }

    @Test("the work's own error passes through")
    func propagatesErrors() async throws {
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await Deadline.run(within: .seconds(5)) { () async throws -> Int in throw Boom() }
        }
    }
}

import Foundation
import SigiloFakes
import Testing

@Suite("Throughput (130429) and allow-list (131030)")
struct LimitTests {
    @Test("beyond the throughput in one second sends get 429/130429; the peak never exceeds it")
    func throughput() async throws {
        try await Harness.with(
            { $0.throughputPerSecond = 5 },
            run: { harness in
                try await harness.openWindow("5511987654321")
                let statuses = try await withThrowingTaskGroup(of: Int?.self) { group in
                    for _ in 0..<12 {
                        group.addTask {
                            let answer = try await harness.sendText("5511987654321")
                            return answer.status == 429 ? answer.code : answer.status
                        }
                    }
                    return try await group.reduce(into: [Int?]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == 200 }.count == 5)
                #expect(statuses.filter { $0 == 130_429 }.count == 7)
                #expect(harness.fake.peakSendsPerSecond(phoneNumberID: Harness.phone.id) == 5)
                try await Task.sleep(for: .milliseconds(1100))
                #expect(try await harness.sendText("5511987654321").status == 200)
                #expect(harness.fake.peakSendsPerSecond(phoneNumberID: Harness.phone.id) <= 5)
            }
        )
    }

    @Test("a recipient outside the allow-list is refused with 131030, either BR form inside it passes")
    func allowList() async throws {
        try await Harness.with(
            { $0.allowList = ["551187654321"] },
            run: { harness in
                let refused = try await harness.sendText("5521999990000")
                #expect(refused.status == 400)
                #expect(refused.code == 131_030)
                try await harness.openWindow("551187654321")
                #expect(try await harness.sendText("5511987654321").status == 200)
                #expect(harness.fake.sent().count == 1)
            }
        )
    }
}

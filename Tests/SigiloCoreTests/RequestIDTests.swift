import SigiloCore
import Testing

@Suite("Request ids")
struct RequestIDTests {
    @Test(
        "a safe client id is kept",
        arguments: ["abc-123", "2f1c7e0a-1b2c-4d5e-8f90-a1b2c3d4e5f6", "trace:42/span.7_x"]
    )
    func keepsSafeIDs(candidate: String) {
        #expect(RequestID(validating: candidate)?.value == candidate)
    }

    @Test(
        "an unsafe client id is refused",
        arguments: ["", "has space", "new\nline", "<script>", "joão", "a\u{0}b", String(repeating: "a", count: 129)]
    )
    func refusesUnsafeIDs(candidate: String) {
        #expect(RequestID(validating: candidate) == nil)
    }

    @Test("the longest accepted id is 128 characters")
    func acceptsMaximumLength() {
        #expect(RequestID(validating: String(repeating: "a", count: 128)) != nil)
    }

    @Test("generated ids are 32 lower-case hex digits and distinct")
    func generatesRandomHex() {
        let ids = (0..<1000).map { _ in RequestID.generate().value }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.count == 32)
            #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        }
    }
}

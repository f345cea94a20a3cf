import SigiloCore
import Testing

@Suite("Telephone numbers")
struct PhoneNumberTests {
    @Test(
        "written forms normalise to E.164",
        arguments: [
            ("+55 11 98765-4321", "+5511987654321"),
            ("(11) 98765-4321", "+5511987654321"),
            ("011 98765 4321", "+5511987654321"),
            ("0055 11 98765.4321", "+5511987654321"),
            ("5511987654321", "+5511987654321"),
            ("551187654321", "+551187654321"),
            ("+55 (21) 2345-6789", "+552123456789"),
            ("+1 (415) 555-0100", "+14155550100"),
            ("+351 912 345 678", "+351912345678"),
        ]
    )
    func normalises(text: String, e164: String) throws {
        #expect(try PhoneNumber(text).e164 == e164)
    }

    @Test(
        "what is not a number is refused, without quoting it",
        arguments: [
            "", "abc", "+55 11 9876", "1234567", "+0 123 456 789", "+55 01 98765-4321", "98765-4321",
            "+1234567890123456",
        ]
    )
    func refuses(text: String) {
        #expect(throws: PhoneNumber.Invalid.self) { try PhoneNumber(text) }
    }

    @Test("a Brazilian mobile is found with or without its ninth digit; landlines and other countries have one form")
    func lookupForms() throws {
        let withNine = try PhoneNumber("+55 11 98765-4321")
        let withoutNine = try PhoneNumber("+55 11 8765-4321")
        #expect(withNine.lookupForms == ["+5511987654321", "+551187654321"])
        #expect(withoutNine.lookupForms == ["+5511987654321", "+551187654321"])
        #expect(try PhoneNumber("+55 21 2345-6789").lookupForms == ["+552123456789"])
        #expect(try PhoneNumber("+1 415 555 0100").lookupForms == ["+14155550100"])
        #expect(withNine.digits == "5511987654321")
        #expect("\(withNine)" == "<phone>")
    }
}

import SigiloCore
import Testing

/// A change that breaks one of Meta's rules, and the field the error must name.
struct TemplateViolation: Sendable, CustomTestStringConvertible {
    let label: String
    let field: String
    let change: @Sendable (inout MessageTemplate) -> Void

    var testDescription: String { "\(label) → \(field)" }
}

/// A distinctive value placed in every offending field, which no error may repeat.
let marker = "zqxj"

func validationError(_ template: MessageTemplate) -> TemplateValidationError? {
    do throws(TemplateValidationError) {
        try template.validate()
        return nil
    } catch {
        return error
    }
}

@Suite("Message templates: Meta's rules")
struct MessageTemplateValidationTests {
    static let violations: [TemplateViolation] = [
        .init(label: "upper-case name", field: "name") { $0.name = "Lembrete_\(marker)" },
        .init(label: "name with a space", field: "name") { $0.name = "lembrete \(marker)" },
        .init(label: "empty name", field: "name") { $0.name = "" },
        .init(label: "name of 513 characters", field: "name") { $0.name = String(repeating: "a", count: 513) },
        .init(label: "language with a dash", field: "language") { $0.language = "pt-\(marker)" },
        .init(label: "language of four letters", field: "language") { $0.language = marker },
        .init(label: "upper-case language", field: "language") { $0.language = "PT_BR" },
        .init(label: "region of five letters", field: "language") { $0.language = "pt_BRAZI" },
        .init(label: "text header without text", field: "header.text") { $0.header = TemplateHeader(format: .text) },
        .init(label: "header of 61 characters", field: "header.text") {
            $0.header = TemplateHeader(format: .text, text: marker + String(repeating: "a", count: 57))
        },
        .init(label: "header with two variables", field: "header.text") {
            $0.header = TemplateHeader(format: .text, text: "\(marker) {{1}} {{1}}")
        },
        .init(label: "header variable other than 1", field: "header.text") {
            $0.header = TemplateHeader(format: .text, text: "\(marker) {{2}}")
        },
        .init(label: "malformed header variable", field: "header.text") {
            $0.header = TemplateHeader(format: .text, text: "\(marker) {{ 1 }}")
        },
        .init(label: "image header with text", field: "header.text") {
            $0.header = TemplateHeader(format: .image, text: marker)
        },
        .init(label: "header examples not one per variable", field: "header.examples") {
            $0.header = TemplateHeader(format: .text, text: "Olá {{1}}", examples: [marker, marker])
        },
        .init(label: "empty body", field: "body.text") { $0.body = TemplateBody(text: "") },
        .init(label: "body of 1025 characters", field: "body.text") {
            $0.body = TemplateBody(text: String(repeating: marker, count: 257))
        },
        .init(label: "spaces inside braces", field: "body.text") {
            $0.body = TemplateBody(text: "Olá {{ 1 }} \(marker).")
        },
        .init(label: "variable zero", field: "body.text") { $0.body = TemplateBody(text: "Olá {{0}} \(marker).") },
        .init(label: "named variable", field: "body.text") { $0.body = TemplateBody(text: "Olá {{a}} \(marker).") },
        .init(label: "lone opening braces", field: "body.text") { $0.body = TemplateBody(text: "Olá {{ \(marker).") },
        .init(label: "lone closing braces", field: "body.text") { $0.body = TemplateBody(text: "Olá }} \(marker).") },
        .init(label: "a gap in the numbering", field: "body.text") {
            $0.body = TemplateBody(text: "Olá {{1}} e {{3}} \(marker).")
        },
        .init(label: "more than 100 variables", field: "body.text") {
            $0.body = TemplateBody(text: "a " + (1...101).map { "{{\($0)}}" }.joined(separator: " ") + " z")
        },
        .init(label: "body starting with a variable", field: "body.text") {
            $0.body = TemplateBody(text: "{{1}}, \(marker).")
        },
        .init(label: "body ending with a variable", field: "body.text") {
            $0.body = TemplateBody(text: "\(marker) {{1}} ")
        },
        .init(label: "body examples not one per variable", field: "body.examples") {
            $0.body.examples = [marker, marker]
        },
        .init(label: "blank body example", field: "body.examples[1]") { $0.body.examples = [marker, " ", marker] },
        .init(label: "empty footer", field: "footer") { $0.footer = "" },
        .init(label: "footer of 61 characters", field: "footer") {
            $0.footer = marker + String(repeating: "a", count: 57)
        },
        .init(label: "footer with a variable", field: "footer") { $0.footer = "\(marker) {{1}}" },
        .init(label: "footer with a malformed variable", field: "footer") { $0.footer = "\(marker) {{" },
        .init(label: "11 buttons", field: "buttons") {
            $0.buttons = Array(repeating: .quickReply(text: marker), count: 11)
        },
        .init(label: "3 url buttons", field: "buttons") {
            $0.buttons = Array(repeating: .url(text: marker, url: "https://example.com/\(marker)"), count: 3)
        },
        .init(label: "2 phone buttons", field: "buttons") {
            $0.buttons = Array(repeating: .phoneNumber(text: marker, phone: "+5511987654321"), count: 2)
        },
        .init(label: "empty button text", field: "buttons[0].text") { $0.buttons[0] = .quickReply(text: "") },
        .init(label: "button text of 26 characters", field: "buttons[0].text") {
            $0.buttons[0] = .quickReply(text: marker + String(repeating: "a", count: 22))
        },
        .init(label: "ftp link", field: "buttons[1].url") {
            $0.buttons[1] = .url(text: "Ver", url: "ftp://\(marker).example.com/{{1}}")
        },
        .init(label: "variable inside the link", field: "buttons[1].url") {
            $0.buttons[1] = .url(text: "Ver", url: "https://example.com/{{1}}/\(marker)")
        },
        .init(label: "link variable other than 1", field: "buttons[1].url") {
            $0.buttons[1] = .url(text: "Ver", url: "https://example.com/\(marker)/{{2}}")
        },
        .init(label: "two link variables", field: "buttons[1].url") {
            $0.buttons[1] = .url(text: "Ver", url: "https://example.com/\(marker)/{{1}}{{1}}")
        },
        .init(label: "link without a host", field: "buttons[1].url") {
            $0.buttons[1] = .url(text: "Ver", url: "https://{{1}}")
        },
        .init(label: "link with a space", field: "buttons[1].url") {
            $0.buttons[1] = .url(text: "Ver", url: "https://example.com/\(marker) x")
        },
        .init(label: "link example without a link variable", field: "buttons[1].example") {
            $0.buttons[1] = .url(text: "Ver", url: "https://example.com/", example: marker)
        },
        .init(label: "phone that is not a number", field: "buttons[2].phone") {
            $0.buttons[2] = .phoneNumber(text: "Ligar", phone: marker)
        },
        .init(label: "phone without +", field: "buttons[2].phone") {
            $0.buttons[2] = .phoneNumber(text: "Ligar", phone: "5511987654321")
        },
        .init(label: "phone with spaces", field: "buttons[2].phone") {
            $0.buttons[2] = .phoneNumber(text: "Ligar", phone: "+55 11 98765-4321")
        },
        .init(label: "authentication with an image header", field: "header.format") {
            $0.category = .authentication
            $0.header = TemplateHeader(format: .image)
        },
        .init(label: "authentication with a url button", field: "buttons[1].type") {
            $0.category = .authentication
            $0.header = nil
        },
    ]

    @Test("each broken rule names its field, and the reason never repeats the value", arguments: violations)
    func violation(_ violation: TemplateViolation) throws {
        var template = MessageTemplate.lembretePagamento
        violation.change(&template)
        let error = try #require(validationError(template))
        #expect(error.field == violation.field)
        #expect(!error.reason.lowercased().contains(marker))
        #expect(!"\(error)".lowercased().contains(marker))
        #expect(!error.reason.hasSuffix("."))
    }

    @Test(
        "Meta's accepted forms pass",
        arguments: [
            TemplateViolation(label: "languages", field: "") { $0.language = "es" },
            TemplateViolation(label: "three-letter language", field: "") { $0.language = "fil" },
            TemplateViolation(label: "Chinese", field: "") { $0.language = "zh_CN" },
            TemplateViolation(label: "repeated body variable", field: "") {
                $0.body = TemplateBody(text: "Olá {{1}}, {{2}} e {{1}} de novo.", examples: ["Ana", "Rio"])
            },
            TemplateViolation(label: "single braces", field: "") { $0.body = TemplateBody(text: "Use {a} e {1} } {") },
            TemplateViolation(label: "1024 characters", field: "") {
                $0.body = TemplateBody(text: String(repeating: "é", count: 1024))
            },
            TemplateViolation(label: "media header and plain link", field: "") {
                $0.header = TemplateHeader(format: .video)
                $0.buttons[1] = .url(text: "Ver", url: "http://example.com/fatura")
            },
            TemplateViolation(label: "header without a variable, example on the link", field: "") {
                $0.header = TemplateHeader(format: .text, text: String(repeating: "a", count: 60))
                $0.buttons[1] = .url(text: "Ver", url: "https://example.com/f/{{1}}", example: "abc")
            },
            TemplateViolation(label: "no header, footer, examples or buttons", field: "") {
                $0.header = nil
                $0.footer = nil
                $0.body.examples = nil
                $0.buttons = []
            },
            TemplateViolation(label: "ten buttons", field: "") {
                $0.buttons += Array(repeating: .quickReply(text: "Sim"), count: 7)
            },
            TemplateViolation(label: "authentication with a text header", field: "") {
                $0.category = .authentication
                $0.buttons.remove(at: 1)
            },
        ]
    )
    func accepted(_ variant: TemplateViolation) throws {
        var template = MessageTemplate.lembretePagamento
        variant.change(&template)
        try template.validate()
    }
}

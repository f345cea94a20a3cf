import Foundation
import SigiloCore
import Testing

func renderError(_ body: () throws(TemplateRenderError) -> RenderedTemplate) -> TemplateRenderError? {
    do throws(TemplateRenderError) {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

@Suite("Message templates: rendering")
struct MessageTemplateRenderingTests {
    let template = MessageTemplate.lembretePagamento
    let bodyParameters: [TemplateParameter] = [
        .text("Maria José 🎉"),
        .currency(code: "BRL", amount1000: 10_000, fallback: "R$ 10,00"),
        .dateTime(fallback: "10/05"),
    ]

    @Test("values fill the header and body, accents and emoji intact, in any status")
    func substitutes() throws {
        #expect(template.status == .draft)
        let rendered = try template.render(
            header: [.text("Conceição 👋")],
            body: bodyParameters,
            buttons: [1: .text("abc123")]
        )
        #expect(rendered.headerText == "Olá Conceição 👋")
        #expect(rendered.bodyText == "Olá Maria José 🎉, sua fatura de R$ 10,00 vence em 10/05.")
        #expect(rendered.name == "lembrete_pagamento")
        #expect(rendered.language == "pt_BR")
        #expect(
            rendered.components.components == [
                .header([.text("Conceição 👋")]), .body(bodyParameters),
                .urlButton(index: 1, parameters: [.text("abc123")]),
            ]
        )
    }

    @Test("components encode as the Cloud API's template.components and decode back")
    func cloudShape() throws {
        let rendered = try template.render(header: [.text("Ana")], body: bodyParameters, buttons: [1: .text("abc")])
        let encoded = try JSONEncoder().encode(rendered.components)
        let expected = #"""
            [{"type":"header","parameters":[{"type":"text","text":"Ana"}]},
             {"type":"body","parameters":[{"type":"text","text":"Maria José 🎉"},
               {"type":"currency","currency":{"fallback_value":"R$ 10,00","code":"BRL","amount_1000":10000}},
               {"type":"date_time","date_time":{"fallback_value":"10/05"}}]},
             {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"abc"}]}]
            """#
        #expect(try jsonObject(encoded) == jsonObject(Data(expected.utf8)))
        #expect(try JSONDecoder().decode(CloudTemplateComponents.self, from: encoded) == rendered.components)
    }

    @Test("a parameter count that does not match names the component")
    func counts() {
        let body = renderError { () throws(TemplateRenderError) in
            try template.render(header: [.text("Ana")], body: Array(bodyParameters.prefix(2)), buttons: [1: .text("a")])
        }
        #expect(body == TemplateRenderError(field: "parameters.body", reason: "exactly 3 parameters, not 2"))
        let header = renderError { () throws(TemplateRenderError) in
            try template.render(body: bodyParameters, buttons: [1: .text("a")])
        }
        #expect(header == TemplateRenderError(field: "parameters.header", reason: "exactly 1 parameter, not 0"))
        var noHeader = template
        noHeader.header = nil
        let extra = renderError { () throws(TemplateRenderError) in
            try noHeader.render(header: [.text("Ana")], body: bodyParameters, buttons: [1: .text("a")])
        }
        #expect(extra?.field == "parameters.header")
        var repeated = template
        repeated.body = TemplateBody(text: "Oi {{1}}, tchau {{1}}.")
        let once = try? repeated.render(header: [.text("Ana")], body: [.text("Bia")], buttons: [1: .text("a")])
        #expect(once?.bodyText == "Oi Bia, tchau Bia.")
    }

    @Test(
        "values with new lines, tabs, runs of spaces, blanks or too much text are refused without quoting them",
        arguments: [
            "zqxj\nsegunda linha", "zqxj\r\nwindows", "zqxj\tcoluna", "zqxj     cinco espaços", "   ",
            "zqxj" + String(repeating: "x", count: 1021), "zqxj\u{2028}separador",
        ]
    )
    func refusesText(value: String) throws {
        let error = try #require(
            renderError { () throws(TemplateRenderError) in
                try template.render(
                    header: [.text("Ana")],
                    body: [.text("Ana"), .text(value), .text("10/05")],
                    buttons: [1: .text("a")]
                )
            }
        )
        #expect(error.field == "parameters.body[1]")
        #expect(!"\(error)".contains("zqxj"))
    }

    @Test("four spaces in a row and 1024 characters are still allowed")
    func allowsText() throws {
        let rendered = try template.render(
            header: [.text("Ana")],
            body: [.text("a    b"), .text(String(repeating: "ç", count: 1024)), .text("c")],
            buttons: [1: .text("a")]
        )
        #expect(rendered.bodyText.hasPrefix("Olá a    b, sua fatura de ççç"))
    }

    @Test("the header must stay within 60 characters once filled in")
    func headerLength() {
        let error = renderError { () throws(TemplateRenderError) in
            try template.render(
                header: [.text(String(repeating: "a", count: 57))],
                body: bodyParameters,
                buttons: [1: .text("a")]
            )
        }
        #expect(error?.field == "parameters.header")
    }

    @Test("body values must be text, currency or date-time, with an ISO 4217 code")
    func bodyKinds() {
        let media = renderError { () throws(TemplateRenderError) in
            try template.render(
                header: [.text("Ana")],
                body: [.image(.id("1")), .text("b"), .text("c")],
                buttons: [1: .text("a")]
            )
        }
        #expect(
            media == TemplateRenderError(field: "parameters.body[0]", reason: "a text, currency or date_time parameter")
        )
        let currency = renderError { () throws(TemplateRenderError) in
            try template.render(
                header: [.text("Ana")],
                body: [.text("a"), .currency(code: "real", amount1000: 1, fallback: "R$ 0,00"), .text("c")],
                buttons: [1: .text("a")]
            )
        }
        #expect(currency?.field == "parameters.body[1]")
    }

    @Test("a media header needs one parameter of its own kind")
    func mediaHeader() throws {
        var image = template
        image.header = TemplateHeader(format: .image)
        let missing = renderError { () throws(TemplateRenderError) in
            try image.render(body: bodyParameters, buttons: [1: .text("a")])
        }
        #expect(missing == TemplateRenderError(field: "parameters.header", reason: "exactly 1 parameter, not 0"))
        for wrong: TemplateParameter in [.video(.id("1")), .text("logo"), .image(.link("ftp://x")), .image(.id(""))] {
            let error = renderError { () throws(TemplateRenderError) in
                try image.render(header: [wrong], body: bodyParameters, buttons: [1: .text("a")])
            }
            #expect(error?.field == "parameters.header[0]")
        }
        let rendered = try image.render(
            header: [.image(.link("https://example.com/logo.png"))],
            body: bodyParameters,
            buttons: [1: .text("a")]
        )
        #expect(rendered.headerText == nil)
        #expect(rendered.components.components.first == .header([.image(.link("https://example.com/logo.png"))]))
        let encoded = try JSONEncoder().encode(rendered.components)
        let header = try jsonObject(encoded) as? [Any]
        let expected = try jsonObject(
            Data(
                #"{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/logo.png"}}]}"#
                    .utf8
            )
        )
        #expect((header?.first as? NSObject) == expected)

        var location = template
        location.header = TemplateHeader(format: .location)
        let pin = TemplateParameter.location(latitude: -23.55, longitude: -46.63, name: "Sé", address: nil)
        #expect(throws: Never.self) {
            try location.render(header: [pin], body: bodyParameters, buttons: [1: .text("a")])
        }
        let offMap = renderError { () throws(TemplateRenderError) in
            try location.render(
                header: [.location(latitude: 91, longitude: 0)],
                body: bodyParameters,
                buttons: [1: .text("a")]
            )
        }
        #expect(offMap?.field == "parameters.header[0]")
    }

    @Test("a link ending in {{1}} needs one text value at its index; other buttons take none")
    func buttons() {
        let missing = renderError { () throws(TemplateRenderError) in
            try template.render(header: [.text("Ana")], body: bodyParameters)
        }
        #expect(missing?.field == "parameters.buttons[1]")
        for (index, parameter): (Int, TemplateParameter) in [
            (0, .text("a")), (2, .text("a")), (7, .text("a")),
        ] {
            let error = renderError { () throws(TemplateRenderError) in
                try template.render(
                    header: [.text("Ana")],
                    body: bodyParameters,
                    buttons: [1: .text("a"), index: parameter]
                )
            }
            #expect(error?.field == "parameters.buttons[\(index)]")
        }
        for wrong: TemplateParameter in [.image(.id("1")), .dateTime(fallback: "x"), .text("a b"), .text("a\nb")] {
            let error = renderError { () throws(TemplateRenderError) in
                try template.render(header: [.text("Ana")], body: bodyParameters, buttons: [1: wrong])
            }
            #expect(error?.field == "parameters.buttons[1]")
        }
        var plainLink = template
        plainLink.buttons[1] = .url(text: "Ver", url: "https://example.com/faturas")
        let rendered = try? plainLink.render(header: [.text("Ana")], body: bodyParameters)
        #expect(rendered?.components.components.count == 2)
    }
}

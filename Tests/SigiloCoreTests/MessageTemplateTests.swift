import Foundation
import SigiloCore
import Testing

extension MessageTemplate {
    /// The example of the HTTP API's template shape, as a value.
    static let lembretePagamento = MessageTemplate(
        name: "lembrete_pagamento",
        language: "pt_BR",
        category: .utility,
        header: TemplateHeader(format: .text, text: "Olá {{1}}"),
        body: TemplateBody(
            text: "Olá {{1}}, sua fatura de {{2}} vence em {{3}}.",
            examples: ["Maria", "R$ 10,00", "10/05"]
        ),
        footer: "Responda SAIR para não receber mais.",
        buttons: [
            .quickReply(text: "Parar promoções"),
            .url(text: "Ver fatura", url: "https://example.com/f/{{1}}"),
            .phoneNumber(text: "Ligar", phone: "+5511987654321"),
        ]
    )

    /// The same example as the HTTP API's JSON.
    static let lembretePagamentoJSON = #"""
        {"name":"lembrete_pagamento","language":"pt_BR","category":"utility","status":"draft",
         "header":{"format":"text","text":"Olá {{1}}"},
         "body":{"text":"Olá {{1}}, sua fatura de {{2}} vence em {{3}}.","examples":["Maria","R$ 10,00","10/05"]},
         "footer":"Responda SAIR para não receber mais.",
         "buttons":[{"type":"quick_reply","text":"Parar promoções"},
          {"type":"url","text":"Ver fatura","url":"https://example.com/f/{{1}}"},
          {"type":"phone_number","text":"Ligar","phone":"+5511987654321"}]}
        """#
}

/// Parses JSON text into Foundation objects, to compare documents whatever their key order.
func jsonObject(_ data: Data) throws -> NSObject {
    try #require(try JSONSerialization.jsonObject(with: data) as? NSObject)
}

@Suite("Message templates: JSON shape and status")
struct MessageTemplateTests {
    @Test("the API's example decodes to the expected value and passes validation")
    func exampleDecodesAndValidates() throws {
        let template = try JSONDecoder().decode(
            MessageTemplate.self,
            from: Data(MessageTemplate.lembretePagamentoJSON.utf8)
        )
        #expect(template == .lembretePagamento)
        try template.validate()
    }

    @Test("encoding writes the API's snake_case shape and decodes back to the same value")
    func roundTrip() throws {
        let encoded = try JSONEncoder().encode(MessageTemplate.lembretePagamento)
        #expect(try jsonObject(encoded) == jsonObject(Data(MessageTemplate.lembretePagamentoJSON.utf8)))
        #expect(try JSONDecoder().decode(MessageTemplate.self, from: encoded) == .lembretePagamento)

        var media = MessageTemplate.lembretePagamento
        media.header = TemplateHeader(format: .document)
        media.footer = nil
        media.buttons = [.url(text: "Ver", url: "https://example.com/{{1}}", example: "abc")]
        let mediaJSON = try JSONEncoder().encode(media)
        let expected = #"{"format":"document"}"#
        #expect(String(decoding: mediaJSON, as: UTF8.self).contains(#""header":\#(expected)"#))
        #expect(!String(decoding: mediaJSON, as: UTF8.self).contains("footer"))
        #expect(try JSONDecoder().decode(MessageTemplate.self, from: mediaJSON) == media)
    }

    @Test("status defaults to draft and buttons to none; decoding checks types, not Meta's rules")
    func decodingIsAboutTypes() throws {
        let json = #"{"name":"Not A Valid Name!","language":"xx-yy","category":"marketing","body":{"text":""}}"#
        let template = try JSONDecoder().decode(MessageTemplate.self, from: Data(json.utf8))
        #expect(template.status == .draft)
        #expect(template.buttons.isEmpty)
        #expect(template.header == nil)
        #expect(throws: TemplateValidationError.self) { try template.validate() }
    }

    @Test(
        "an unknown category, status, header format or button type fails decoding",
        arguments: [
            (#""category":"utility""#, #""category":"transactional""#),
            (#""status":"draft""#, #""status":"deleted""#),
            (#""format":"text""#, #""format":"gif""#),
            (#""type":"quick_reply""#, #""type":"otp""#),
            (#""type":"url","text":"Ver fatura","url""#, #""type":"url","text":"Ver fatura","link""#),
        ]
    )
    func unknownValuesFail(original: String, replacement: String) {
        let json = MessageTemplate.lembretePagamentoJSON.replacingOccurrences(of: original, with: replacement)
        #expect(json != MessageTemplate.lembretePagamentoJSON)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MessageTemplate.self, from: Data(json.utf8)) }
    }

    @Test("only an approved, fully modelled template is sendable")
    func sendable() {
        for status in TemplateStatus.allCases {
            var template = MessageTemplate.lembretePagamento
            template.status = status
            #expect(template.isSendable == (status == .approved))
            template.hasUnsupportedComponents = true
            #expect(!template.isSendable)
        }
    }

    @Test("errors read as the HTTP layer shows them")
    func errorDescriptions() {
        #expect(
            "\(TemplateValidationError(field: "footer", reason: "at most 60 characters"))"
                == "Field 'footer' must be at most 60 characters"
        )
        #expect(
            "\(TemplateRenderError(field: "parameters.body", reason: "exactly 3 parameters, not 2"))"
                == "Field 'parameters.body' must be exactly 3 parameters, not 2"
        )
    }
}

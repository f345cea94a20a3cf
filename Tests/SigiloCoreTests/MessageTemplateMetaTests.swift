import Foundation
import SigiloCore
import Testing

func metaError(_ meta: MetaTemplate) -> TemplateValidationError? {
    do throws(TemplateValidationError) {
        _ = try MessageTemplate(meta: meta)
        return nil
    } catch {
        return error
    }
}

@Suite("Message templates: Meta's management API shape")
struct MessageTemplateMetaTests {
    /// A template as `GET /{waba-id}/message_templates` returns it.
    static let listed = #"""
        {"name":"lembrete_pagamento","language":"pt_BR","category":"UTILITY","status":"APPROVED",
         "id":"1627019861106475","parameter_format":"POSITIONAL",
         "components":[{"type":"HEADER","format":"TEXT","text":"Olá {{1}}","example":{"header_text":["Maria"]}},
          {"type":"BODY","text":"Olá {{1}}, sua fatura de {{2}} vence em {{3}}.",
           "example":{"body_text":[["Maria","R$ 10,00","10/05"]]}},
          {"type":"FOOTER","text":"Responda SAIR para não receber mais."},
          {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Parar promoções"},
           {"type":"URL","text":"Ver fatura","url":"https://example.com/f/{{1}}","example":["https://example.com/f/abc123"]},
           {"type":"PHONE_NUMBER","text":"Ligar","phone_number":"5511987654321"}]}]}
        """#

    @Test("the example becomes Meta's creation payload and reads back unchanged")
    func roundTrip() throws {
        let payload = MessageTemplate.lembretePagamento.metaCreationPayload
        let encoded = try JSONEncoder().encode(payload)
        let expected = #"""
            {"name":"lembrete_pagamento","language":"pt_BR","category":"UTILITY","parameter_format":"POSITIONAL",
             "components":[{"type":"HEADER","format":"TEXT","text":"Olá {{1}}"},
              {"type":"BODY","text":"Olá {{1}}, sua fatura de {{2}} vence em {{3}}.",
               "example":{"body_text":[["Maria","R$ 10,00","10/05"]]}},
              {"type":"FOOTER","text":"Responda SAIR para não receber mais."},
              {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Parar promoções"},
               {"type":"URL","text":"Ver fatura","url":"https://example.com/f/{{1}}"},
               {"type":"PHONE_NUMBER","text":"Ligar","phone_number":"5511987654321"}]}]}
            """#
        #expect(try jsonObject(encoded) == jsonObject(Data(expected.utf8)))
        let decoded = try JSONDecoder().decode(MetaTemplate.self, from: encoded)
        let template = try MessageTemplate(meta: decoded)
        #expect(template == .lembretePagamento)
        #expect(!template.hasUnsupportedComponents)
    }

    @Test("a listed template reads with its status and examples, and writes its examples back")
    func listedTemplate() throws {
        let meta = try JSONDecoder().decode(MetaTemplate.self, from: Data(Self.listed.utf8))
        #expect(meta.id == "1627019861106475")
        let template = try MessageTemplate(meta: meta)
        var expected = MessageTemplate.lembretePagamento
        expected.status = .approved
        expected.header?.examples = ["Maria"]
        expected.buttons[1] = .url(text: "Ver fatura", url: "https://example.com/f/{{1}}", example: "abc123")
        #expect(template == expected)
        #expect(template.isSendable)
        try template.validate()

        var payload = template.metaCreationPayload
        payload.id = meta.id
        payload.status = meta.status
        #expect(payload == meta)
    }

    @Test("unknown components and buttons are left out and flagged, so the template is not sendable")
    func unsupportedParts() throws {
        let carousel = Self.listed.replacingOccurrences(
            of: #"{"type":"FOOTER""#,
            with: #"{"type":"CAROUSEL","cards":[{"components":[]}]},{"type":"FOOTER""#
        )
        let withCarousel = try MessageTemplate(meta: JSONDecoder().decode(MetaTemplate.self, from: Data(carousel.utf8)))
        #expect(withCarousel.hasUnsupportedComponents)
        #expect(!withCarousel.isSendable)
        #expect(withCarousel.footer == "Responda SAIR para não receber mais.")

        let otp = MetaTemplate(
            name: "codigo",
            language: "pt_BR",
            category: "AUTHENTICATION",
            status: "APPROVED",
            components: [
                MetaTemplateComponent(type: "BODY", text: "*{{1}}* é seu código."),
                MetaTemplateComponent(type: "FOOTER"),
                MetaTemplateComponent(type: "BUTTONS", buttons: [MetaTemplateButton(type: "OTP", text: "Copiar")]),
            ]
        )
        let authentication = try MessageTemplate(meta: otp)
        #expect(authentication.category == .authentication)
        #expect(authentication.buttons.isEmpty)
        #expect(authentication.footer == nil)
        #expect(authentication.hasUnsupportedComponents)
        #expect(!authentication.isSendable)

        var named = otp
        named.components = [MetaTemplateComponent(type: "BODY", text: "Olá {{first_name}}.")]
        named.parameterFormat = "NAMED"
        #expect(try MessageTemplate(meta: named).hasUnsupportedComponents)
    }

    @Test("statuses map to Sigilo's; unknown categories and statuses are refused by field")
    func statuses() throws {
        var meta = MessageTemplate.lembretePagamento.metaCreationPayload
        for (metaStatus, status): (String?, TemplateStatus) in [
            (nil, .draft), ("APPROVED", .approved), ("PENDING", .pending), ("IN_APPEAL", .pending),
            ("REJECTED", .rejected), ("PAUSED", .paused), ("DISABLED", .disabled),
        ] {
            meta.status = metaStatus
            #expect(try MessageTemplate(meta: meta).status == status)
        }
        meta.status = "PENDING_DELETION"
        #expect(metaError(meta)?.field == "status")
        meta.status = "APPROVED"
        meta.category = "TRANSACTIONAL"
        #expect(metaError(meta)?.field == "category")
    }
}

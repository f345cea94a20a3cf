import SigiloAI
import Testing

/// The minimiser against each kind of personal data, the restore path, and ordinary text
/// that must come through untouched.
@Suite("PII minimiser")
struct PIIMinimiserTests {
    static let known = KnownPersonalData(
        names: ["Maria Quitéria de Jesus"],
        phones: ["+55 11 98765-4321"],
        emails: ["maria.jesus@example.com.br"]
    )

    @Test(
        "every phone format is replaced",
        arguments: [
            "+55 11 91234-5678", "(11) 91234-5678", "11912345678", "5511912345678", "+55 (11) 91234-5678",
            "11 91234-5678", "(21) 3456-7890", "91234-5678", "+5511912345678", "11 9 1234-5678",
        ]
    )
    func phones(_ phone: String) {
        var minimiser = PIIMinimiser()
        let out = minimiser.minimise("Pode ligar no \(phone), obrigado.")
        #expect(out == "Pode ligar no [TELEFONE_1], obrigado.")
    }

    @Test("CPF, CNPJ, card, CEP and e-mail are replaced by their placeholders")
    func documents() {
        var minimiser = PIIMinimiser()
        let text =
            "Meu CPF é 529.982.247-25, o da empresa 11.222.333/0001-81 (ou 11222333000181). "
            + "Cartão 4111 1111 1111 1111, CEP 01310-100, e-mail joao.silva+crm@exemplo.com.br."
        let out = minimiser.minimise(text)
        #expect(
            out
                == "Meu CPF é [CPF_1], o da empresa [CNPJ_1] (ou [CNPJ_1]). "
                + "Cartão [CARTAO_1], CEP [CEP_1], e-mail [EMAIL_1]."
        )
    }

    @Test("a bare 11-digit CPF needs valid check digits; an invalid one that is no phone stays")
    func bareCPF() {
        var minimiser = PIIMinimiser()
        #expect(minimiser.minimise("cpf 52998224725") == "cpf [CPF_1]")
        #expect(minimiser.minimise("protocolo 52998224726") == "protocolo 52998224726")
    }

    @Test("numbers run together are split into the longest known shapes")
    func segmentation() {
        var minimiser = PIIMinimiser()
        #expect(
            minimiser.minimise("dados: 529.982.247-25 11 91234-5678 01310-100")
                == "dados: [CPF_1] [TELEFONE_1] [CEP_1]"
        )
    }

    @Test("a card number must pass Luhn")
    func luhn() {
        var minimiser = PIIMinimiser()
        #expect(minimiser.minimise("cartão 5555-5555-5555-4444") == "cartão [CARTAO_1]")
        #expect(minimiser.minimise("código 4111 1111 1111 1112") == "código 4111 1111 1111 1112")
    }

    @Test(
        "street addresses are replaced with their number and complement",
        arguments: [
            ("Moro na Rua das Flores, 123 perto do mercado", "Moro na [ENDERECO_1] perto do mercado"),
            ("entregar na Av. Paulista, 1000, apto 52.", "entregar na [ENDERECO_1]."),
            ("fica na Avenida Brigadeiro Faria Lima nº 3477 ok", "fica na [ENDERECO_1] ok"),
            ("R. Vergueiro 800 - casa 2", "[ENDERECO_1]"),
            ("Praça da Sé 12", "[ENDERECO_1]"),
            ("na rua das flores 45", "na [ENDERECO_1]"),
            ("Rua 25 de Março, 100", "[ENDERECO_1]"),
        ]
    )
    func addresses(_ input: String, _ expected: String) {
        var minimiser = PIIMinimiser()
        #expect(minimiser.minimise(input) == expected)
    }

    @Test("the CRM's name is found in any case, with or without accents, in whole and in parts")
    func knownNames() {
        var minimiser = PIIMinimiser(known: Self.known)
        let out = minimiser.minimise("Olá MARIA QUITERIA DE JESUS! maria, a sra. Quitéria confirmou? Mariana não.")
        #expect(out == "Olá [NOME_1]! [NOME_2], a sra. [NOME_3] confirmou? Mariana não.")
        #expect(minimiser.minimise("Obrigada, Maria") == "Obrigada, [NOME_2]")
    }

    @Test("a name someone introduces is replaced, even if the CRM does not know it")
    func introducedName() {
        var minimiser = PIIMinimiser()
        #expect(
            minimiser.minimise("Oi, meu nome é João da Silva e preciso de ajuda")
                == "Oi, meu nome é [NOME_1] e preciso de ajuda"
        )
    }

    @Test("the same value gets the same placeholder across messages, in any format")
    func samePlaceholder() {
        var minimiser = PIIMinimiser(known: Self.known)
        let first = minimiser.minimise("meu cel é (11) 98765-4321")
        let second = minimiser.minimise("de novo: +55 11 987654321; outro: 11 91234-5678")
        #expect(first == "meu cel é [TELEFONE_1]")
        #expect(second == "de novo: [TELEFONE_1]; outro: [TELEFONE_2]")
    }

    @Test("restore puts the values back, however the model wrote the placeholders")
    func restore() {
        var minimiser = PIIMinimiser(known: Self.known)
        _ = minimiser.minimise(
            "Sou a Maria, meu e-mail é maria.jesus@example.com.br, CEP 01310-100, tel (11) 98765-4321"
        )
        let answer = "Olá [NOME_1]! Enviaremos para [email_1] (cep CEP_1). Ligaremos no [TELEFONE 1]. [NOME_9] fica."
        #expect(
            minimiser.restore(answer)
                == "Olá Maria! Enviaremos para maria.jesus@example.com.br (cep 01310-100). "
                + "Ligaremos no (11) 98765-4321. [NOME_9] fica."
        )
    }

    @Test("ordinary Portuguese, prices, dates, times and short order numbers are left alone")
    func noOverRedaction() {
        var minimiser = PIIMinimiser(known: Self.known)
        let text =
            "O pedido 123456 de 12/05/2024 custou R$ 1.234,56 (2 itens de R$ 617,28). Entrega às 14:30 "
            + "em 3 a 5 dias úteis, protocolo 2024-0001234. A rua estava molhada 3 vezes. Nota 9.5, "
            + "versão 2.10.3, 1.000.000 de clientes, o código 1234567890."
        #expect(minimiser.minimise(text) == text)
        #expect(minimiser.replacedCounts.isEmpty)
    }

    @Test("the window keeps the last messages within a character budget")
    func window() {
        let messages = (1...10).map { ChatMessage.user("mensagem \($0)") }
        #expect(
            ConversationWindow.last(messages, count: 3).map(\.content) == ["mensagem 8", "mensagem 9", "mensagem 10"]
        )
        #expect(
            ConversationWindow.last(messages, count: 3, characterBudget: 21).map(\.content) == [
                "mensagem 9", "mensagem 10",
            ]
        )
        #expect(ConversationWindow.last(messages, count: 3, characterBudget: 4).map(\.content) == ["m 10"])
    }
}

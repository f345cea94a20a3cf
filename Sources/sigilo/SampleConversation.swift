import SigiloAI

/// A realistic Brazilian customer-service conversation of about 2,000 characters, dense in
/// personal data (names, phones, e-mail, CPF, address, CEP, card), for `sigilo dev bench-minimise`.
enum SampleConversation {
    static let known = KnownPersonalData(
        names: ["Maria Quitéria de Jesus"],
        phones: ["+55 11 98765-4321"],
        emails: ["maria.jesus@example.com.br"]
    )

    static let messages: [ChatMessage] = [
        .user("Boa tarde! Meu nome é Maria Quitéria de Jesus e fiz um pedido na semana passada que ainda não chegou."),
        .assistant("Olá, Maria! Sinto muito pelo atraso. Pode me informar o número do pedido e o CPF do titular?"),
        .user("Claro. O pedido é 4587123 e meu CPF é 529.982.247-25. Comprei no dia 12/05/2024, valor R$ 1.234,56."),
        .assistant(
            "Obrigada, Maria. Localizei o pedido 4587123. Ele consta como enviado para a Rua das Flores, 123, "
                + "apto 45, CEP 01310-100. O endereço está correto?"
        ),
        .user(
            "Não! Eu me mudei. O endereço novo é Avenida Brigadeiro Faria Lima, 3477 - apto 82, CEP 04538-133, "
                + "São Paulo. Pode atualizar, por favor?"
        ),
        .assistant(
            "Posso sim. Para confirmar a alteração preciso de um telefone de contato e do e-mail cadastrado."
        ),
        .user(
            "Meu celular é (11) 98765-4321 e o e-mail é maria.jesus@example.com.br. Se não atender, liga no "
                + "fixo 11 3456-7890 ou fala com meu marido, o número dele é +55 21 99876-5432."
        ),
        .assistant(
            "Perfeito, dona Quitéria. Atualizei o endereço. Houve uma cobrança duplicada no seu cartão? "
                + "Vi dois lançamentos de R$ 617,28 no mesmo dia."
        ),
        .user(
            "Sim!! Apareceu duas vezes na fatura do cartão 4111 1111 1111 1111. Quero o estorno de uma delas. "
                + "A nota fiscal saiu no CNPJ da minha empresa, 11.222.333/0001-81, tudo bem?"
        ),
        .assistant(
            "Sem problemas. Abri o protocolo 2024-0001234 para o estorno, que cai em até 2 faturas. "
                + "A entrega no novo endereço fica para sexta-feira, entre 8h e 18h."
        ),
        .user(
            "Ótimo, obrigada. Só mais uma coisa: posso pedir para entregarem na portaria? Quem vai receber é a "
                + "minha vizinha, me chamo Maria mas ela é a Joana Prado, tá?"
        ),
        .assistant(
            "Claro, registrei a autorização para a Joana Prado receber na portaria. Lembrando que o prazo de "
                + "devolução é de 7 dias corridos após o recebimento, e a troca pode ser feita em qualquer loja."
        ),
        .user(
            "Entendi. E se o produto vier com defeito de novo? Da última vez a tampa veio quebrada e tive que "
                + "esperar 15 dias pela troca, foi bem chato."
        ),
        .assistant(
            "Nesse caso é só nos chamar aqui mesmo, com uma foto do produto, que enviamos outro sem custo e "
                + "retiramos o defeituoso no mesmo endereço. Algo mais em que eu possa ajudar hoje?"
        ),
        .user("Não, era só isso. Vocês podem me mandar a confirmação por WhatsApp no 11987654321? Obrigada!"),
    ]

    static let reply =
        "Olá [NOME_1]! Confirmamos a entrega no [ENDERECO_2], CEP [CEP_2], e o estorno no cartão [CARTAO_1]. "
        + "Enviaremos a confirmação para [TELEFONE_1] e para [EMAIL_1]."
}

/// The kinds of personal data the minimiser replaces, each with the label of its
/// placeholders (`[NOME_1]`, `[TELEFONE_2]`, …), in Portuguese like the conversations.
package enum PIIKind: String, Sendable, CaseIterable, Hashable {
    case name = "NOME"
    case phone = "TELEFONE"
    case email = "EMAIL"
    case cpf = "CPF"
    case cnpj = "CNPJ"
    case card = "CARTAO"
    case address = "ENDERECO"
    case cep = "CEP"

    /// The label as folded text (lower-case ASCII) for matching a model's answer.
    var foldedLabel: [UInt8] { Array(rawValue.lowercased().utf8) }
}

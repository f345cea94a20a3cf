/// What the CRM already knows about the people in a conversation: their names, phone
/// numbers and e-mail addresses. The minimiser replaces these wherever they occur, in any
/// case, with or without accents, in any phone format.
package struct KnownPersonalData: Sendable, Equatable {
    /// Full names (`Maria Quitéria de Jesus`); each is also matched by its parts.
    package var names: [String]
    /// Phone numbers in any format (`+55 11 91234-5678`).
    package var phones: [String]
    /// E-mail addresses.
    package var emails: [String]

    /// Creates the known values.
    /// - Parameters:
    ///   - names: Full names of the contact (and anyone else named in the CRM).
    ///   - phones: Their phone numbers.
    ///   - emails: Their e-mail addresses.
    package init(names: [String] = [], phones: [String] = [], emails: [String] = []) {
        self.names = names
        self.phones = phones
        self.emails = emails
    }

    /// Nothing known: only the generic detectors run.
    package static let none = KnownPersonalData()
}

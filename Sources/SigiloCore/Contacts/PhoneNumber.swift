import Foundation

/// A telephone number in E.164 (`+5511987654321`), the one form Sigilo stores and looks up.
///
/// Numbers without a country code are read as Brazilian (`(11) 98765-4321`, `011 98765-4321`).
/// Brazilian mobiles gained a ninth digit (a leading 9) between 2012 and 2016, and WhatsApp ids
/// of older accounts still lack it: ``lookupForms`` gives both forms of such a number, so a
/// search finds the contact whichever form it was given or stored in.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// `+` and 8 to 15 digits.
    public let e164: String

    /// Why text is not a telephone number; the message never quotes it.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Normalises `text`: spaces, dots, dashes and parentheses are dropped; `+` or `00` starts a
    /// country code, as do 12 or 13 digits starting with 55 (Brazil's code, as in WhatsApp ids);
    /// otherwise the number is Brazilian (an optional trunk `0` and a two-digit area code, then
    /// 8 or 9 digits).
    public init(_ text: String) throws(Invalid) {
        var digits = ""
        var international = false
        for (index, character) in text.trimmingCharacters(in: .whitespacesAndNewlines).enumerated() {
            switch character {
            case "+" where index == 0: international = true
            case "0"..."9": digits.append(character)
            case " ", "-", ".", "(", ")", "/": continue
            default:
                throw Invalid(description: "a telephone number holds only digits, spaces, dashes, dots and parentheses")
            }
        }
        if !international, digits.hasPrefix("00") {
            international = true
            digits.removeFirst(2)
        } else if !international, (12...13).contains(digits.count), digits.hasPrefix("55") {
            international = true  // Brazil's country code without the + (a WhatsApp id's form)
        }
        if !international {
            if digits.hasPrefix("0") { digits.removeFirst() }
            guard (10...11).contains(digits.count) else {
                throw Invalid(
                    description:
                        "a Brazilian number has an area code and 8 or 9 digits; others start with + and the country code"
                )
            }
            digits = "55" + digits
        }
        guard (8...15).contains(digits.count), digits.first != "0" else {
            throw Invalid(description: "an E.164 number has 8 to 15 digits after the +, the country code first")
        }
        if digits.hasPrefix("55") {
            let national = digits.dropFirst(2)
            guard (10...11).contains(national.count), national.prefix(2).allSatisfy({ $0 != "0" }) else {
                throw Invalid(description: "a Brazilian number has a two-digit area code and 8 or 9 digits")
            }
        }
        e164 = "+" + digits
    }

    /// The digits after `+` (the form WhatsApp ids use).
    public var digits: Substring { e164.dropFirst() }

    /// Every form this number may be stored or searched in: itself, and for a Brazilian mobile
    /// the form with or without the ninth digit. Index all of them; search with any.
    public var lookupForms: [String] {
        guard digits.hasPrefix("55") else { return [e164] }
        let area = digits.dropFirst(2).prefix(2)
        let subscriber = digits.dropFirst(4)
        if subscriber.count == 9, subscriber.first == "9", let next = subscriber.dropFirst().first, "6"..."9" ~= next {
            return [e164, "+55" + area + subscriber.dropFirst()]
        }
        if subscriber.count == 8, let first = subscriber.first, "6"..."9" ~= first {
            return ["+55" + area + "9" + subscriber, e164]
        }
        return [e164]
    }

    /// Redacted: a number is personal data and must not reach logs through interpolation.
    public var description: String { "<phone>" }
}

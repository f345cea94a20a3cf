/// Meta's canonical `wa_id` for a number: digits only, and a Brazilian 13-digit mobile
/// (`55 DD 9 XXXXXXXX`) without its ninth digit, as many Brazilian accounts are registered
/// (reference §8). Replies and receipts then come from the 12-digit id.
enum WhatsAppID {
    static func canonical(_ number: String) -> String {
        let digits = String(number.filter { $0.isASCII && $0.isNumber })
        let characters = Array(digits)
        guard characters.count == 13, digits.hasPrefix("55"), characters[4] == "9",
            let next = characters[5].wholeNumberValue, next >= 6
        else { return digits }
        return String(characters[0..<4] + characters[5...])
    }
}

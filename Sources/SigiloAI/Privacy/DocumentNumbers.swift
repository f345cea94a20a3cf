/// Check-digit rules of Brazilian document numbers and payment cards, over ASCII digits
/// (values 0–9), so a bare run of digits is called a CPF, CNPJ or card only when it is one.
enum DocumentNumbers {
    /// CPF: two mod-11 check digits (weights 10…2, then 11…2); all-equal digits are invalid.
    static func isValidCPF(_ digits: [UInt8]) -> Bool {
        guard digits.count == 11, !allEqual(digits) else { return false }
        return checkDigit(digits[0..<9], weights: Array(2...10).reversed()) == digits[9]
            && checkDigit(digits[0..<10], weights: Array(2...11).reversed()) == digits[10]
    }

    /// CNPJ: two mod-11 check digits (weights 5…2,9…2, then 6…2,9…2); all-equal is invalid.
    static func isValidCNPJ(_ digits: [UInt8]) -> Bool {
        guard digits.count == 14, !allEqual(digits) else { return false }
        return checkDigit(digits[0..<12], weights: [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) == digits[12]
            && checkDigit(digits[0..<13], weights: [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) == digits[13]
    }

    /// Luhn's checksum, as on payment cards.
    static func isLuhnValid(_ digits: [UInt8]) -> Bool {
        guard !digits.isEmpty, !allEqual(digits) else { return false }
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if position % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    /// Brazil's area codes (DDD) in use.
    static func isAreaCode(_ first: UInt8, _ second: UInt8) -> Bool {
        areaCodes.contains(Int(first) * 10 + Int(second))
    }

    private static let areaCodes: Set<Int> = [
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46,
        47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85,
        86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
    ]

    private static func checkDigit(_ digits: ArraySlice<UInt8>, weights: [Int]) -> UInt8 {
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += Int(digit) * weight }
        let rest = sum % 11
        return rest < 2 ? 0 : UInt8(11 - rest)
    }

    private static func allEqual(_ digits: [UInt8]) -> Bool { digits.allSatisfy { $0 == digits[0] } }
}

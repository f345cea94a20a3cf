package import Foundation

/// Reads how long a provider asked a client to wait from a 429 or 5xx answer's headers.
///
/// In order: `retry-after-ms` (OpenAI), `Retry-After` (seconds or an HTTP date, RFC 9110
/// §10.2.3), then `x-ratelimit-reset-requests`/`-tokens` (Go-style durations such as `12ms`,
/// `41.7s`, `1m30s`): the one whose `x-ratelimit-remaining-*` is zero, else the longer.
package enum RetryHint {
    /// The wait asked for by `headers`, if any header says one.
    /// - Parameters:
    ///   - headers: A lookup of a header's first value by lower-case name.
    ///   - now: The current time, to turn an HTTP date into a wait.
    package static func wait(from headers: (String) -> String?, now: Date = Date()) -> Duration? {
        if let text = headers("retry-after-ms"), let milliseconds = Double(text.trimmed), milliseconds >= 0 {
            return .milliseconds(Int64(milliseconds.rounded(.up)))
        }
        if let text = headers("retry-after"), let wait = retryAfter(text, now: now) {
            return wait
        }
        let requests = headers("x-ratelimit-reset-requests").flatMap(duration)
        let tokens = headers("x-ratelimit-reset-tokens").flatMap(duration)
        let requestsExhausted = headers("x-ratelimit-remaining-requests").map(\.trimmed) == "0"
        let tokensExhausted = headers("x-ratelimit-remaining-tokens").map(\.trimmed) == "0"
        switch (requests, tokens) {
        case (let requests?, let tokens?):
            if requestsExhausted && !tokensExhausted { return requests }
            if tokensExhausted && !requestsExhausted { return tokens }
            return max(requests, tokens)
        case (let requests?, nil): return requests
        case (nil, let tokens?): return tokens
        case (nil, nil): return nil
        }
    }

    /// `Retry-After`: delta-seconds (a decimal is tolerated) or an IMF-fixdate.
    /// - Parameters:
    ///   - text: The header value.
    ///   - now: The current time.
    package static func retryAfter(_ text: String, now: Date = Date()) -> Duration? {
        let value = text.trimmed
        if let seconds = Double(value) {
            return seconds >= 0 ? .milliseconds(Int64((seconds * 1000).rounded(.up))) : nil
        }
        guard let date = httpDate(value) else { return nil }
        let seconds = max(0, date.timeIntervalSince(now))
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// A Go-style duration (`12ms`, `41.7s`, `1m30s`, `2h`, `500us`); nil when malformed.
    package static func duration(_ text: String) -> Duration? {
        let scalars = Array(text.trimmed.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var total = 0.0
        var index = 0
        while index < scalars.count {
            let start = index
            while index < scalars.count, scalars[index] == "." || ("0"..."9").contains(scalars[index]) { index += 1 }
            guard index > start, let number = Double(String(String.UnicodeScalarView(scalars[start..<index]))) else {
                return nil
            }
            let unitStart = index
            while index < scalars.count, !(scalars[index] == "." || ("0"..."9").contains(scalars[index])) {
                index += 1
            }
            switch String(String.UnicodeScalarView(scalars[unitStart..<index])) {
            case "h": total += number * 3600
            case "m": total += number * 60
            case "s", "": total += number
            case "ms": total += number / 1000
            case "us", "\u{00B5}s": total += number / 1_000_000
            case "ns": total += number / 1_000_000_000
            default: return nil
            }
        }
        return .milliseconds(Int64((total * 1000).rounded(.up)))
    }

    /// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}

extension String {
    /// Without leading and trailing whitespace.
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespaces) }
}

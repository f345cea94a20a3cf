import Foundation
import Hummingbird
import SigiloCore
import SigiloStore

/// The query parameters of `GET /metrics/overview`, checked.
struct MetricsOverviewQuery: Sendable {
    enum Format: String { case json, csv }

    let window: MetricsWindow
    let filter: MetricsRepository.Filter
    let format: Format

    /// - Throws: ``APIError/invalidField(_:expected:)`` naming the parameter at fault.
    init(_ parameters: Parameters, today: CivilDay) throws {
        do throws(MetricsWindow.Problem) {
            window = try MetricsWindow(from: parameters.get("from"), to: parameters.get("to"), today: today)
        } catch {
            throw APIError.invalidField(error.parameter, expected: error.expectation)
        }
        func id(_ name: String) throws -> UUID? {
            try parameters.get(name).map {
                guard let id = UUID(uuidString: $0) else { throw APIError.invalidField(name, expected: "a UUID") }
                return id
            }
        }
        let businessHours = try parameters.get("business_hours").map { value -> Bool in
            guard value == "true" || value == "false" else {
                throw APIError.invalidField("business_hours", expected: "true or false")
            }
            return value == "true"
        }
        filter = MetricsRepository.Filter(
            queue: try id("queue"),
            agent: try id("agent"),
            businessHours: businessHours ?? false
        )
        guard let format = Format(rawValue: parameters.get("format") ?? "json") else {
            throw APIError.invalidField("format", expected: "json or csv")
        }
        self.format = format
    }
}

import Foundation
import Hummingbird
import SigiloCore
package import SigiloStore

/// The relationship metrics, permission `metrics:read`: `GET /metrics/overview` with
/// `from`, `to` (days `YYYY-MM-DD` in America/Sao_Paulo, inclusive; the last 30 days by
/// default), `queue`, `agent`, `business_hours=true|false` and `format=json|csv`.
/// docs/metrics.md defines every figure. (Prometheus's `/metrics` is ``MetricsController``.)
package struct MetricsOverviewController: Sendable {
    private let metrics: MetricsRepository
    private let guardian: AccessGuard

    package init(metrics: MetricsRepository, guardian: AccessGuard) {
        self.metrics = metrics
        self.guardian = guardian
    }

    package func addRoutes(to routes: APIRoutes) {
        // Guarded, not audited: the answer holds aggregate counts and times only, never a
        // person or a pseudonymous subject id, so it is not an access to personal data
        // (shared/DESIGN.md audits those); an audit event per read would add a durable
        // append to a dashboard's every refresh and a record with nothing to account for.
        // A denial is still recorded by the guard.
        routes.get(
            "/metrics/overview",
            use: guardian.requiring(.metricsRead) { request, _, identity in
                let query = try MetricsOverviewQuery(request.uri.queryParameters, today: Self.today())
                let overview = try await metrics.overview(
                    tenant: identity.tenantID,
                    window: query.window,
                    filter: query.filter
                )
                switch query.format {
                case .json:
                    return try JSONResponse.make(MetricsOverviewView(overview, query: query))
                case .csv:
                    return MetricsCSV.response(overview, window: query.window)
                }
            }
        )
    }

    /// Today in America/Sao_Paulo, the zone of the daily rollups.
    static func today() -> CivilDay {
        BusinessHours.always.day(containing: Date())
    }
}

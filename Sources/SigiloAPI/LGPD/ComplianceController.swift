import Foundation
import Hummingbird
package import SigiloCore
package import SigiloStore

/// What the compliance officer reads about the processing itself, permission `dsr:manage`:
/// `GET /compliance/retention`, the retention policy with what it would change now (a dry
/// run, LGPD Arts. 15, 16), and `GET /compliance/processing-records`, the records of
/// processing operations (Art. 37).
package struct ComplianceController: Sendable {
    private let retention: RetentionRepository
    private let policy: RetentionPolicy
    private let records: ProcessingRecords
    private let access: AuditedAccess

    /// - Throws: ``ConfigurationError`` when `policies/processing.json` is not valid.
    package init(
        retention: RetentionRepository,
        policy: RetentionPolicy,
        policiesDirectory: String,
        recipients: [DSRExportController.DataRecipient],
        access: AuditedAccess
    ) throws {
        self.retention = retention
        self.policy = policy
        self.records = try ProcessingRecords(directory: policiesDirectory, retention: policy, recipients: recipients)
        self.access = access
    }

    private struct Report: Encodable {
        var dryRun = true
        var at: Date
        var rules: [RuleReport]

        enum CodingKeys: String, CodingKey {
            case at, rules
            case dryRun = "dry_run"
        }
    }

    private struct RuleReport: Encodable {
        var category: String
        var days: Int
        var action: String
        var cutoff: Date
        var due: Int
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/compliance/processing-records",
            use: access.handler(
                .dsrManage,
                records: LGPDAudit.action(
                    "processing_records.read",
                    resourceType: "processing_records",
                    purpose: "data_subject_rights"
                )
            ) { _, _, _ in
                (try JSONResponse.make(records.document()), AuditedAccess.Touched())
            }
        )
        routes.get(
            "/compliance/retention",
            use: access.handler(
                .dsrManage,
                records: LGPDAudit.action("retention.report", resourceType: "retention_policy", purpose: "retention")
            ) { _, _, identity in
                let now = Date()
                var report: [RuleReport] = []
                for rule in policy.rules {
                    report.append(
                        RuleReport(
                            category: rule.category.rawValue,
                            days: rule.days,
                            action: rule.action.rawValue,
                            cutoff: rule.cutoff(at: now),
                            due: try await retention.due(rule, tenant: identity.tenantID, at: now)
                        )
                    )
                }
                return (
                    try JSONResponse.make(Report(at: now, rules: report)),
                    AuditedAccess.Touched()
                )
            }
        )
    }
}

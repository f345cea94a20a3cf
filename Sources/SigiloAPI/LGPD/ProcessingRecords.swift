import Foundation
import SigiloCore

/// The records of processing operations (LGPD Art. 37), generated from `policies/
/// processing.json`, the data classes of `policies/pii-map.json`, the retention policy and the
/// recipients this deployment sends data to. Checked at start-up: an activity naming an
/// unknown data class or retention category stops the server.
struct ProcessingRecords: Sendable {
    struct Activity: Encodable, Sendable {
        var id: String
        var purpose: String
        var legalBasis: String
        var dataCategories: [DataCategory]
        var subjects: String
        var retention: [Retention]
        var consentPurpose: String?
        var recipients: [DSRExportController.DataRecipient]

        enum CodingKeys: String, CodingKey {
            case id, purpose, subjects, retention, recipients
            case legalBasis = "legal_basis"
            case dataCategories = "data_categories"
            case consentPurpose = "consent_purpose"
        }
    }

    struct DataCategory: Encodable, Sendable {
        var name: String
        var description: String
    }

    struct Retention: Encodable, Sendable {
        var category: String
        var days: Int
        var action: String
    }

    struct Document: Encodable, Sendable {
        var generatedAt: Date
        var controllerNote: String
        var activities: [Activity]
        var securityMeasures: [String]

        enum CodingKeys: String, CodingKey {
            case activities
            case generatedAt = "generated_at"
            case controllerNote = "controller_note"
            case securityMeasures = "security_measures"
        }
    }

    private struct File: Decodable {
        var version: Int
        var controllerNote: String
        var activities: [Entry]
        var securityMeasures: [String]

        struct Entry: Decodable {
            var id: String
            var purpose: String
            var legalBasis: String
            var dataCategories: [String]
            var subjects: String
            var retentionCategories: [String]
            var consentPurpose: String?
            /// Channels whose recipients receive the activity's data (`whatsapp`).
            var sources: [String]?

            enum CodingKeys: String, CodingKey {
                case id, purpose, subjects
                case legalBasis = "legal_basis"
                case dataCategories = "data_categories"
                case retentionCategories = "retention_categories"
                case consentPurpose = "consent_purpose"
                case sources
            }
        }

        enum CodingKeys: String, CodingKey {
            case version, activities
            case controllerNote = "controller_note"
            case securityMeasures = "security_measures"
        }
    }

    private struct PIIMap: Decodable {
        var classes: [String: String]
    }

    let activities: [Activity]
    let controllerNote: String
    let securityMeasures: [String]

    /// - Throws: ``ConfigurationError`` naming what is wrong in which file.
    init(directory: String, retention: RetentionPolicy, recipients: [DSRExportController.DataRecipient]) throws {
        func invalid(_ what: String) -> ConfigurationError {
            ConfigurationError(key: "auth.policiesDirectory", expectation: "a valid processing.json (\(what))")
        }
        guard let file = try? JSONDecoder().decode(File.self, from: try PolicyFiles.read(directory, "processing.json")),
            file.version == 1
        else { throw invalid("version 1 of the documented shape") }
        guard let map = try? JSONDecoder().decode(PIIMap.self, from: try PolicyFiles.read(directory, "pii-map.json"))
        else { throw invalid("pii-map.json must be readable") }
        var activities: [Activity] = []
        for entry in file.activities {
            guard LegalBasis(rawValue: entry.legalBasis) != nil else {
                throw invalid("\(entry.id): unknown legal basis")
            }
            if let purpose = entry.consentPurpose, ConsentPurpose(rawValue: purpose) == nil {
                throw invalid("\(entry.id): unknown consent purpose")
            }
            var categories: [DataCategory] = []
            for name in entry.dataCategories {
                guard let description = map.classes[name] else {
                    throw invalid("\(entry.id): unknown data class \(name)")
                }
                categories.append(DataCategory(name: name, description: description))
            }
            var kept: [Retention] = []
            for name in entry.retentionCategories {
                guard RetentionPolicy.Category(rawValue: name) != nil else {
                    throw invalid("\(entry.id): unknown retention category \(name)")
                }
                for rule in retention.rules where rule.category.rawValue == name {
                    kept.append(Retention(category: name, days: rule.days, action: rule.action.rawValue))
                }
            }
            let sources = Set(entry.sources ?? [])
            activities.append(
                Activity(
                    id: entry.id,
                    purpose: entry.purpose,
                    legalBasis: entry.legalBasis,
                    dataCategories: categories,
                    subjects: entry.subjects,
                    retention: kept,
                    consentPurpose: entry.consentPurpose,
                    recipients: recipients.filter { $0.whenSource.map(sources.contains) ?? true }
                )
            )
        }
        self.activities = activities
        controllerNote = file.controllerNote
        securityMeasures = file.securityMeasures
    }

    func document(at now: Date = Date()) -> Document {
        Document(
            generatedAt: now,
            controllerNote: controllerNote,
            activities: activities,
            securityMeasures: securityMeasures
        )
    }
}

import Foundation
import Logging
import Metrics
import SigiloCore
import SigiloStore

extension OutboxSender {
    /// Sends one claimed message and settles it.
    func send(_ claim: OutboxRepository.Claim) async {
        let metadata: Logger.Metadata = [
            "sigilo.tenant_id": "\(claim.tenant)", "sigilo.message_id": "\(claim.message)",
            "sigilo.channel_id": "\(claim.channel)", "sigilo.attempt": "\(claim.attempt)",
        ]
        do {
            guard let job = try await outbox.job(claim) else {
                try await outbox.settle(
                    claim,
                    contact: nil,
                    .failed(reason: "missing_data", graphCode: nil, title: nil, effect: nil),
                    audit: nil
                )
                return
            }
            guard job.channel.status == .active else {
                try await outbox.settle(claim, contact: job.contact, .channelPaused, audit: nil)
                return
            }
            let message = try JSONDecoder().decode(OutboundMessage.self, from: Data(job.request.utf8))
            try await pacer.wait(number: job.channel.phoneNumberID, perSecond: job.channel.messagesPerSecond)
            let client = GraphClient(httpClient: httpClient, baseURL: job.channel.graphBaseURL)
            let outcome: OutboxAttempt.Outcome
            do {
                outcome = .accepted(
                    try await client.send(
                        message,
                        from: job.channel.phoneNumberID,
                        token: job.credentials.accessToken,
                        logger: logger
                    )
                )
            } catch {
                outcome = .failed(error)
            }
            var attempt = OutboxAttempt(attempt: claim.attempt, policy: configuration.policy)
            let action = attempt.record(outcome, now: Date())
            do {
                try await settle(claim, job: job, action: action, outcome: outcome)
            } catch {
                // The call to Meta happened: whatever it did, this row must never be retried.
                // It stays `sending`; its lease runs out and it turns `uncertain`, and a receipt
                // carrying its id settles it.
                logger.error(
                    "outbox settlement failed after the send; left for the lease to expire",
                    metadata: metadata.merging(["error.type": "\(String(reflecting: type(of: error)))"]) { $1 }
                )
            }
        } catch {
            logger.error(
                "outbox send failed before reaching Meta",
                metadata: metadata.merging(["error.type": "\(String(reflecting: type(of: error)))"]) { $1 }
            )
            // Nothing was sent: try again later.
            try? await outbox.settle(
                claim,
                contact: nil,
                .retry(at: Date().addingTimeInterval(30), reason: "internal_error"),
                audit: nil
            )
        }
    }

    private func settle(
        _ claim: OutboxRepository.Claim,
        job: OutboxRepository.Job,
        action: OutboxAttempt.Action,
        outcome: OutboxAttempt.Outcome
    ) async throws {
        let graphError: GraphError? =
            if case .failed(let error) = outcome { error.graphError } else { nil }
        switch action {
        case .markSent(let wamid):
            sentCounter.increment()
            try await outbox.settle(claim, contact: job.contact, .sent(wamid: wamid), audit: nil)
        case .retry(let at, let reason):
            retriedCounter.increment()
            try await outbox.settle(claim, contact: job.contact, .retry(at: at, reason: reason.code), audit: nil)
        case .fail(let failure):
            failedCounter.increment()
            let effect: OutboxRepository.ContactEffect? =
                switch failure {
                case .invalidNumber: .invalidNumber
                case .marketingOptOut: .marketingOptOut
                default: nil
                }
            try await outbox.settle(
                claim,
                contact: job.contact,
                .failed(reason: failure.code, graphCode: graphError?.code, title: graphError?.title, effect: effect),
                audit: effect.map { effect in
                    AuditDraft(
                        tenantID: claim.tenant,
                        actorKind: "system",
                        actorID: "whatsapp-outbox",
                        action: effect == .invalidNumber ? "contact.invalid_number" : "contact.marketing_opt_out",
                        resourceType: "contact",
                        resourceID: job.contact.lowercasedString,
                        subjectID: job.contact.lowercasedString,
                        purpose: "customer_service",
                        legalBasis: "legitimate_interest",
                        details: ["graph_code": "\(graphError?.code ?? 0)", "message": claim.message.lowercasedString]
                    )
                }
            )
        case .uncertain:
            uncertainCounter.increment()
            logger.warning(
                "outbox send outcome unknown; not resent",
                metadata: ["sigilo.message_id": "\(claim.message)", "sigilo.tenant_id": "\(claim.tenant)"]
            )
            try await outbox.settle(claim, contact: job.contact, .uncertain, audit: nil)
        case .pauseChannel:
            // Only the claim that flips the channel raises the alert and records the event.
            let flipped = try await channels.markTokenExpired(tenant: claim.tenant, id: claim.channel)
            if flipped {
                tokenAlertCounter.increment()
                logger.critical(
                    "whatsapp channel token expired; sending paused until a new token is set",
                    metadata: ["sigilo.tenant_id": "\(claim.tenant)", "sigilo.channel_id": "\(claim.channel)"]
                )
            }
            try await outbox.settle(
                claim,
                contact: job.contact,
                .channelPaused,
                audit: !flipped
                    ? nil
                    : AuditDraft(
                        tenantID: claim.tenant,
                        actorKind: "system",
                        actorID: "whatsapp-outbox",
                        action: "channel.token_expired",
                        resourceType: "whatsapp_channel",
                        resourceID: claim.channel.lowercasedString,
                        purpose: "service_operation",
                        legalBasis: "legitimate_interest",
                        details: ["graph_code": "\(graphError?.code ?? 190)"]
                    )
            )
        }
    }
}
